package io.parley.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.privacy.TenantPatterns;
import io.parley.core.session.PageContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
  private final CachePolicy policy = new CachePolicy(Set.of("kb_search"));

  @Test
  void aFirstQuestionFromAnUnknownCustomerMayUseTheCache() {
    assertEquals(Optional.empty(), policy.lookUp(turn("How do I reset my password?", true, false, false)));
  }

  @Test
  void laterQuestionsKnownCustomersAndPersonalDataDoNot() {
    assertEquals(Optional.of(CachePolicy.Skip.NOT_FIRST_QUESTION),
        policy.lookUp(turn("How do I reset my password?", false, false, false)));
    assertEquals(Optional.of(CachePolicy.Skip.KNOWN_CUSTOMER),
        policy.lookUp(turn("How do I reset my password?", true, true, false)));
    assertEquals(Optional.of(CachePolicy.Skip.KNOWN_CUSTOMER),
        policy.lookUp(turn("How do I reset my password?", true, false, true)));
    assertEquals(Optional.of(CachePolicy.Skip.PERSONAL_DATA),
        policy.lookUp(turn("Reset the password of ada@example.com", true, false, false)));
  }

  @Test
  void aPageContextSayingAnythingOfTheCustomerKeepsTheTurnFromTheCache() {
    String question = "What is my account number?";
    assertEquals(Optional.of(CachePolicy.Skip.CUSTOMER_CONTEXT),
        policy.lookUp(onPage(question, Map.of("accountNumber", "ACME-7781-VQ", "customerName", "Valentina Quist"))));
    assertEquals(Optional.of(CachePolicy.Skip.CUSTOMER_CONTEXT), policy.lookUp(onPage(question, Map.of("plan", "gold"))),
        "no field can be told harmless: a plan is the customer's too");
    assertEquals(Optional.of(CachePolicy.Skip.CUSTOMER_CONTEXT),
        policy.lookUp(onPage(question, Map.of("language", "de-AT", "url", "https://shop.example/orders/1042"))));
    assertEquals(Optional.of(CachePolicy.Skip.CUSTOMER_CONTEXT),
        policy.lookUp(onPage(question, Map.of("language", "my account is ACME-7781-VQ"))),
        "free text in the language field is no language");
    assertEquals(Optional.of(CachePolicy.Skip.KNOWN_CUSTOMER),
        policy.lookUp(new CachePolicy.Turn(question, true, true, false, Optional.of(new PageContext(Map.of("a", "b"))))),
        "memory is named first");
  }

  @Test
  void aPageContextHoldingOnlyTheBrowsersLanguageOrNothingLeavesTheTurnContextFree() {
    String question = "How do I reset my password?";
    assertEquals(Optional.empty(), policy.lookUp(onPage(question, Map.of("language", "de-AT"))));
    assertEquals(Optional.empty(), policy.lookUp(onPage(question, Map.of("language", "pt_BR"))));
    assertEquals(Optional.empty(), policy.lookUp(onPage(question, Map.of())));
    assertEquals(Optional.empty(), policy.lookUp(turn(question, true, false, false)));
  }

  @Test
  void whenTheModelIsDownAnyQuestionWithoutPersonalDataMayTakeASimilarAnswer() {
    assertEquals(Optional.empty(), policy.degradedLookUp("and how do I reset my password?"));
    assertEquals(Optional.of(CachePolicy.Skip.PERSONAL_DATA), policy.degradedLookUp("call me on +44 20 7946 0958"));
  }

  @Test
  void answersBasedOnCustomerDataOrHoldingPersonalDataAreNotKept() {
    assertEquals(Optional.empty(), policy.store("Use 'Forgot password' on the sign-in page.", List.of()));
    assertEquals(Optional.empty(), policy.store("Use 'Forgot password' on the sign-in page.", List.of("kb_search")));
    assertEquals(Optional.of(CachePolicy.Skip.CUSTOMER_DATA_TOOL),
        policy.store("Your ticket T-1001 is open.", List.of("kb_search", "fetch_status")));
    assertEquals(Optional.of(CachePolicy.Skip.PERSONAL_DATA),
        policy.store("Write to support@acme.example and we will help.", List.of()));
  }

  @Test
  void aTenantsOwnKindOfPersonalDataKeepsATurnOutToo() {
    CachePolicy acme = policy.withTenantPatterns(List.of(TenantPatterns.of("MEMBER_ID", "\\bM-\\d{6}\\b")));
    CachePolicy.Turn question = turn("Which plan does member M-104215 have?", true, false, false);
    assertEquals(Optional.empty(), policy.lookUp(question), "no pattern: nothing personal in it");
    assertEquals(Optional.of(CachePolicy.Skip.PERSONAL_DATA), acme.lookUp(question));
    assertEquals(Optional.of(CachePolicy.Skip.PERSONAL_DATA), acme.store("Member M-104215 has the gold plan.", List.of()));
    assertEquals(Optional.of(CachePolicy.Skip.PERSONAL_DATA), acme.degradedLookUp("reset ada@example.com"),
        "the built-in kinds still count");
  }

  private static CachePolicy.Turn turn(String question, boolean first, boolean memories, boolean facts) {
    return new CachePolicy.Turn(question, first, memories, facts, Optional.empty());
  }

  private static CachePolicy.Turn onPage(String question, Map<String, String> page) {
    return new CachePolicy.Turn(question, true, false, false, Optional.of(new PageContext(page)));
  }
}
