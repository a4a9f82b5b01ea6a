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

  /**
   * Each message's facts of one kind, in the order stated ({@code ;} between two), or none where its
   * words only look like one.
   */
  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # a name in its usual forms
      USER      | CUSTOMER_NAME | Hi, my name is Ada Lovelace.                                     | Ada Lovelace
      USER      | CUSTOMER_NAME | I'm Ada and my parcel is late                                    | Ada
      USER      | CUSTOMER_NAME | Hello, this is Ada from Acme Ltd.                                | Ada
      USER      | CUSTOMER_NAME | I am Ada Lovelace, order 1042.                                   | Ada Lovelace
      USER      | CUSTOMER_NAME | My name's Ludwig van Beethoven                                   | Ludwig van Beethoven
      USER      | CUSTOMER_NAME | i’m Seán O'Brien!                                                | Seán O'Brien
      USER      | CUSTOMER_NAME | You can call me Ada.                                             | Ada
      USER      | CUSTOMER_NAME | My name is Ada I ordered a lamp                                  | Ada
      # a lower-case name only after my name is, and at the end of the clause
      USER      | CUSTOMER_NAME | my name is ada lovelace                                          | Ada Lovelace
      USER      | CUSTOMER_NAME | my name is ada, order 1042                                       | Ada
      USER      | CUSTOMER_NAME | i'm ada                                                          |
      USER      | CUSTOMER_NAME | my name is spelled wrong on the invoice                          |
      # email addresses, but not the shop's own or the one being replaced
      USER      | EMAIL         | It's Ada.Lovelace+shop@Example.co.uk.                            | ada.lovelace+shop@example.co.uk
      USER      | EMAIL         | I already wrote to support@example.com twice                     |
      USER      | EMAIL         | Please use new@example.com instead of old@example.com            | new@example.com
      USER      | EMAIL         | My old email was old@example.com, the new one is new@example.com | new@example.com
      # phone numbers
      USER      | PHONE         | You can reach me at +44 7700 900123.                             | +44 7700 900123
      USER      | PHONE         | Landline 0049 30 1234567                                         | 0049 30 1234567
      USER      | PHONE         | My phone number is (555) 123-4567                                | (555) 123-4567
      USER      | PHONE         | call me on 555.123.4567 after 5                                  | 555.123.4567
      USER      | PHONE         | my number is 555 123 4567                                        | 555 123 4567
      # order numbers
      USER      | ORDER_NUMBER  | Where is order 1042?                                             | 1042
      USER      | ORDER_NUMBER  | about my order #A-77812                                          | A-77812
      USER      | ORDER_NUMBER  | order number 55 never came                                       | 55
      USER      | ORDER_NUMBER  | Order no. 55                                                     | 55
      USER      | ORDER_NUMBER  | order: ord123                                                    | ORD123
      USER      | ORDER_NUMBER  | my order number is 1042                                          | 1042
      USER      | ORDER_NUMBER  | order 112-4567890-1234567 arrived broken                         | 112-4567890-1234567
      USER      | ORDER_NUMBER  | order 1042 and order #1043                                       | 1042; 1043
      # ticket numbers, in both roles
      USER      | TICKET_NUMBER | any news on t-1042?                                              | T-1042
      USER      | TICKET_NUMBER | my ticket number is 88123                                        | 88123
      ASSISTANT | TICKET_NUMBER | I've created ticket T-1042 for you.                              | T-1042
      USER      | TICKET_NUMBER | my ticket was closed                                             |
      # words that only look like a name
      USER      | CUSTOMER_NAME | I'm looking for my order                                         |
      USER      | CUSTOMER_NAME | I'm Looking for my order                                         |
      USER      | CUSTOMER_NAME | I'm not sure what happened                                       |
      USER      | CUSTOMER_NAME | I'm fine, thanks                                                 |
      USER      | CUSTOMER_NAME | I'm Sorry to bother you                                          |
      USER      | CUSTOMER_NAME | I'm German, can you answer in German?                            |
      USER      | CUSTOMER_NAME | I'm Still Waiting!                                               |
      USER      | CUSTOMER_NAME | This is Ridiculous.                                              |
      USER      | CUSTOMER_NAME | This is Amazon's fault                                           |
      USER      | CUSTOMER_NAME | I think this is Ada from Acme                                    |
      USER      | CUSTOMER_NAME | Please call me Monday.                                           |
      USER      | CUSTOMER_NAME | My name is missing on the invoice                                |
      USER      | CUSTOMER_NAME | My name is wrong                                                 |
      USER      | CUSTOMER_NAME | I'm OK                                                           |
      USER      | CUSTOMER_NAME | I am an Amazon Prime member                                      |
      USER      | CUSTOMER_NAME | I'm Ada's husband                                                |
      # numbers that only look like a phone number
      USER      | PHONE         | My order number is 5551234567                                    |
      USER      | PHONE         | order #77812345, placed on 3 May                                 |
      USER      | PHONE         | order number 0044 1234 5678                                      |
      USER      | PHONE         | The tracking number is 1Z999AA10123456784                        |
      USER      | PHONE         | Invoice 2024-000123 is wrong                                     |
      USER      | PHONE         | It was 5551234567, I think                                       |
      USER      | PHONE         | My card is 4111 1111 1111 1111                                   |
      USER      | PHONE         | I paid 1,299.00 on 2024-05-03                                    |
      USER      | PHONE         | Ticket T-1042 says 555-123-4567 is blocked                       |
      # words that only look like an order number
      USER      | ORDER_NUMBER  | I want to order 100 chairs                                       |
      USER      | ORDER_NUMBER  | We'll order 1000 more next month                                 |
      USER      | ORDER_NUMBER  | my order 2 days ago                                              |
      USER      | ORDER_NUMBER  | the order 200 items were in                                      |
      USER      | ORDER_NUMBER  | my order is 3 weeks late                                         |
      USER      | ORDER_NUMBER  | I'm looking for my order                                         |
      USER      | ORDER_NUMBER  | order in 2020                                                    |
      USER      | ORDER_NUMBER  | a 2nd order                                                      |
      USER      | ORDER_NUMBER  | Ticket T-1042 was closed                                         |
      # offers, questions and other futures that are no commitment
      ASSISTANT | COMMITMENT    | Shall I email you the label?                                     |
      ASSISTANT | COMMITMENT    | Would you like me to call you tomorrow?                          |
      ASSISTANT | COMMITMENT    | If you'd like, I'll email you the label.                         |
      ASSISTANT | COMMITMENT    | I can't promise that someone will call you.                      |
      ASSISTANT | COMMITMENT    | I'll be happy to help with that.                                 |
      ASSISTANT | COMMITMENT    | I'll check what I can see here.                                  |
      ASSISTANT | COMMITMENT    | I will not be able to call you.                                  |
      ASSISTANT | COMMITMENT    | You will need your order number.                                 |
      ASSISTANT | COMMITMENT    | I can email you the label.                                       |
      """)
  void findsTheFactsOfAMessageAndNoneWhereItsWordsOnlyLookLikeOne(Role role, FactKind kind, String text, String found) {
    assertEquals(found == null ? List.of() : List.of(found.split("; ")), values(role, kind, text));
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
