package io.parley.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.privacy.TenantPatterns;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
  private final CachePolicy policy = new CachePolicy(Set.of("kb_search"));

  @Test
  void aFirstQuestionFromAnUnknownCustomerMayUseTheCache() {
    assertEquals(Optional.empty(), policy.lookUp(new CachePolicy.Turn("How do I reset my password?", true, false, false)));
  }

  @Test
  void laterQuestionsKnownCustomersAndPersonalDataDoNot() {
    assertEquals(Optional.of(CachePolicy.Skip.NOT_FIRST_QUESTION),
        policy.lookUp(new CachePolicy.Turn("How do I reset my password?", false, false, false)));
    assertEquals(Optional.of(CachePolicy.Skip.KNOWN_CUSTOMER),
        policy.lookUp(new CachePolicy.Turn("How do I reset my password?", true, true, false)));
    assertEquals(Optional.of(CachePolicy.Skip.KNOWN_CUSTOMER),
        policy.lookUp(new CachePolicy.Turn("How do I reset my password?", true, false, true)));
    assertEquals(Optional.of(CachePolicy.Skip.PERSONAL_DATA),
        policy.lookUp(new CachePolicy.Turn("Reset the password of ada@example.com", true, false, false)));
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
    CachePolicy.Turn question = new CachePolicy.Turn("Which plan does member M-104215 have?", true, false, false);
    assertEquals(Optional.empty(), policy.lookUp(question), "no pattern: nothing personal in it");
    assertEquals(Optional.of(CachePolicy.Skip.PERSONAL_DATA), acme.lookUp(question));
    assertEquals(Optional.of(CachePolicy.Skip.PERSONAL_DATA), acme.store("Member M-104215 has the gold plan.", List.of()));
    assertEquals(Optional.of(CachePolicy.Skip.PERSONAL_DATA), acme.degradedLookUp("reset ada@example.com"),
        "the built-in kinds still count");
  }
}
