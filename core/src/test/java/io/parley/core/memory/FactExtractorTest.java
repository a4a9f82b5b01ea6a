package io.parley.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FactExtractorTest {
  private final FactExtractor extractor = new FactExtractor();

  @Test
  void findsTheNameInItsUsualForms() {
    assertEquals(List.of("Ada Lovelace"), values(FactKind.CUSTOMER_NAME, "Hi, my name is Ada Lovelace."));
    assertEquals(List.of("Ada"), values(FactKind.CUSTOMER_NAME, "I'm Ada and my parcel is late"));
    assertEquals(List.of("Ada"), values(FactKind.CUSTOMER_NAME, "Hello, this is Ada from Acme Ltd."));
    assertEquals(List.of("Ada Lovelace"), values(FactKind.CUSTOMER_NAME, "I am Ada Lovelace, order 1042."));
    assertEquals(List.of("Ludwig van Beethoven"),
        values(FactKind.CUSTOMER_NAME, "My name's Ludwig van Beethoven"));
    assertEquals(List.of("Seán O'Brien"), values(FactKind.CUSTOMER_NAME, "i’m Seán O'Brien!"));
    assertEquals(List.of("Ada"), values(FactKind.CUSTOMER_NAME, "You can call me Ada."));
    assertEquals(List.of("Ada"), values(FactKind.CUSTOMER_NAME, "My name is Ada I ordered a lamp"));
  }

  @Test
  void takesALowerCaseNameOnlyAfterMyNameIsAndAtTheEndOfTheClause() {
    assertEquals(List.of("Ada Lovelace"), values(FactKind.CUSTOMER_NAME, "my name is ada lovelace"));
    assertEquals(List.of("Ada"), values(FactKind.CUSTOMER_NAME, "my name is ada, order 1042"));
    assertEquals(List.of(), values(FactKind.CUSTOMER_NAME, "i'm ada"));
    assertEquals(List.of(), values(FactKind.CUSTOMER_NAME, "my name is spelled wrong on the invoice"));
  }

  /** Words that only look like a fact, each with the role and the kind of fact it could be mistaken for. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      USER | CUSTOMER_NAME | I'm looking for my order
      USER | CUSTOMER_NAME | I'm Looking for my order
      USER | CUSTOMER_NAME | I'm not sure what happened
      USER | CUSTOMER_NAME | I'm fine, thanks
      USER | CUSTOMER_NAME | I'm Sorry to bother you
      USER | CUSTOMER_NAME | I'm German, can you answer in German?
      USER | CUSTOMER_NAME | I'm Still Waiting!
      USER | CUSTOMER_NAME | This is Ridiculous.
      USER | CUSTOMER_NAME | This is Amazon's fault
      USER | CUSTOMER_NAME | I think this is Ada from Acme
      USER | CUSTOMER_NAME | Please call me Monday.
      USER | CUSTOMER_NAME | My name is missing on the invoice
      USER | CUSTOMER_NAME | My name is wrong
      USER | CUSTOMER_NAME | I'm OK
      USER | CUSTOMER_NAME | I am an Amazon Prime member
      USER | CUSTOMER_NAME | I'm Ada's husband
      USER | PHONE | My order number is 5551234567
      USER | PHONE | order #77812345, placed on 3 May
      USER | PHONE | order number 0044 1234 5678
      USER | PHONE | The tracking number is 1Z999AA10123456784
      USER | PHONE | Invoice 2024-000123 is wrong
      USER | PHONE | It was 5551234567, I think
      USER | PHONE | My card is 4111 1111 1111 1111
      USER | PHONE | I paid 1,299.00 on 2024-05-03
      USER | PHONE | Ticket T-1042 says 555-123-4567 is blocked
      USER | ORDER_NUMBER | I want to order 100 chairs
      USER | ORDER_NUMBER | We'll order 1000 more next month
      USER | ORDER_NUMBER | my order 2 days ago
      USER | ORDER_NUMBER | the order 200 items were in
      USER | ORDER_NUMBER | my order is 3 weeks late
      USER | ORDER_NUMBER | I'm looking for my order
      USER | ORDER_NUMBER | order in 2020
      USER | ORDER_NUMBER | a 2nd order
      USER | ORDER_NUMBER | Ticket T-1042 was closed
      ASSISTANT | COMMITMENT | Shall I email you the label?
      ASSISTANT | COMMITMENT | Would you like me to call you tomorrow?
      ASSISTANT | COMMITMENT | If you'd like, I'll email you the label.
      ASSISTANT | COMMITMENT | I can't promise that someone will call you.
      ASSISTANT | COMMITMENT | I'll be happy to help with that.
      ASSISTANT | COMMITMENT | I'll check what I can see here.
      ASSISTANT | COMMITMENT | I will not be able to call you.
      ASSISTANT | COMMITMENT | You will need your order number.
      ASSISTANT | COMMITMENT | I can email you the label.
      """)
  void doesNotMistakeOtherWordsForAFact(Role role, FactKind kind, String text) {
    assertEquals(List.of(), values(role, kind, text));
  }

  @Test
  void findsEmailAddressesButNotTheShopsOwnOrTheOneBeingReplaced() {
    assertEquals(List.of("ada.lovelace+shop@example.co.uk"),
        values(FactKind.EMAIL, "It's Ada.Lovelace+shop@Example.co.uk."));
    assertEquals(List.of(), values(FactKind.EMAIL, "I already wrote to support@example.com twice"));
    assertEquals(List.of("new@example.com"),
        values(FactKind.EMAIL, "Please use new@example.com instead of old@example.com"));
    assertEquals(List.of("new@example.com"),
        values(FactKind.EMAIL, "My old email was old@example.com, the new one is new@example.com"));
  }

  @Test
  void findsPhoneNumbers() {
    assertEquals(List.of("+44 7700 900123"), values(FactKind.PHONE, "You can reach me at +44 7700 900123."));
    assertEquals(List.of("0049 30 1234567"), values(FactKind.PHONE, "Landline 0049 30 1234567"));
    assertEquals(List.of("(555) 123-4567"), values(FactKind.PHONE, "My phone number is (555) 123-4567"));
    assertEquals(List.of("555.123.4567"), values(FactKind.PHONE, "call me on 555.123.4567 after 5"));
    assertEquals(List.of("555 123 4567"), values(FactKind.PHONE, "my number is 555 123 4567"));
  }

  @Test
  void findsOrderNumbers() {
    assertEquals(List.of("1042"), values(FactKind.ORDER_NUMBER, "Where is order 1042?"));
    assertEquals(List.of("A-77812"), values(FactKind.ORDER_NUMBER, "about my order #A-77812"));
    assertEquals(List.of("55"), values(FactKind.ORDER_NUMBER, "order number 55 never came"));
    assertEquals(List.of("55"), values(FactKind.ORDER_NUMBER, "Order no. 55"));
    assertEquals(List.of("ORD123"), values(FactKind.ORDER_NUMBER, "order: ord123"));
    assertEquals(List.of("1042"), values(FactKind.ORDER_NUMBER, "my order number is 1042"));
    assertEquals(List.of("112-4567890-1234567"),
        values(FactKind.ORDER_NUMBER, "order 112-4567890-1234567 arrived broken"));
    assertEquals(List.of("1042", "1043"), values(FactKind.ORDER_NUMBER, "order 1042 and order #1043"));
  }

  @Test
  void findsTicketNumbersInBothRoles() {
    assertEquals(List.of("T-1042"), values(FactKind.TICKET_NUMBER, "any news on t-1042?"));
    assertEquals(List.of("88123"), values(FactKind.TICKET_NUMBER, "my ticket number is 88123"));
    assertEquals(List.of("T-1042"),
        values(Role.ASSISTANT, FactKind.TICKET_NUMBER, "I've created ticket T-1042 for you."));
    assertEquals(List.of(), values(FactKind.TICKET_NUMBER, "my ticket was closed"));
  }

  @Test
  void findsCommitmentsInTheAssistantsSentences() {
    String answer = "Thanks, Ada! I've created ticket T-1042 for the broken lamp. "
        + "We'll email you a return label by Friday. Someone from our returns team will call you"
        + " tomorrow. Is there anything else?";
    assertEquals(
        List.of(
            "I've created ticket T-1042 for the broken lamp.",
            "We'll email you a return label by Friday.",
            "Someone from our returns team will call you tomorrow."),
        commitments(answer));
    assertEquals(List.of("You'll receive a refund within 5 working days."),
        commitments("You'll receive a refund within 5 working days."));
    assertEquals(List.of("I can't refund it myself, but I will escalate this to our billing team."),
        commitments("I can't refund it myself, but I will escalate this to our billing team."));
  }

  @Test
  void takesCommitmentsOnlyFromTheAssistantAndContactDetailsOnlyFromTheCustomer() {
    assertEquals(List.of(), facts(Role.USER, "I'll email you the photos tomorrow."));
    assertEquals(List.of(),
        facts(Role.ASSISTANT, "Is your name Ada Lovelace, email ada@example.com, order 1042?"));
    assertEquals(List.of(), facts(Role.SYSTEM, "My name is Ada, order 1042"));
    assertEquals(List.of(), facts(Role.TOOL, "{\"email\": \"ada@example.com\"}"));
  }

  @Test
  void reportsEverythingInOneMessageWithItsSeqInKindOrderAndOnceEach() {
    List<ExtractedFact> facts = extractor.extract(new ChatMessage(7, Role.USER,
        "Hi, I'm Ada Lovelace (ada@example.com, phone +44 7700 900123). Order 1042 and order"
            + " #1042 again, ticket T-9001.", "t7", Instant.EPOCH));
    assertEquals(
        List.of(
            new ExtractedFact(FactKind.CUSTOMER_NAME, "Ada Lovelace", 7),
            new ExtractedFact(FactKind.EMAIL, "ada@example.com", 7),
            new ExtractedFact(FactKind.PHONE, "+44 7700 900123", 7),
            new ExtractedFact(FactKind.ORDER_NUMBER, "1042", 7),
            new ExtractedFact(FactKind.TICKET_NUMBER, "T-9001", 7)),
        facts);
  }

  @Test
  void cutsAVeryLongCommitmentAtAWord() {
    String sentence = "We will email you " + "the full details of the replacement ".repeat(10) + "today.";
    String value = commitments(sentence).get(0);
    assertEquals(true, value.length() <= FactExtractor.MAX_COMMITMENT_CHARS, value);
    assertEquals(true, value.endsWith("…") && value.startsWith("We will email you the full"), value);
  }

  private List<String> values(FactKind kind, String userText) {
    return values(Role.USER, kind, userText);
  }

  private List<String> commitments(String assistantText) {
    return values(Role.ASSISTANT, FactKind.COMMITMENT, assistantText);
  }

  private List<String> values(Role role, FactKind kind, String text) {
    return facts(role, text).stream().filter(f -> f.kind() == kind).map(ExtractedFact::value).toList();
  }

  private List<ExtractedFact> facts(Role role, String text) {
    return extractor.extract(new ChatMessage(1, role, text, "t1", Instant.EPOCH));
  }
}
