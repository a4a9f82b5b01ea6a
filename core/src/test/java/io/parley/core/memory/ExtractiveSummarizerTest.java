package io.parley.core.memory;

import static io.parley.core.memory.SummaryPolicyTest.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.PromptMessage;
import io.parley.core.prompt.TokenEstimator;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveSummarizerTest {
  private final TokenEstimator counter = new TokenEstimator();
  private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer(counter, 400);

  @Test
  void keepsRequestsAnswersAndCommitmentsAndDropsPleasantries() {
    List<ChatMessage> messages = List.of(
        message(1, Role.USER, "Hi there! My lamp from order 1042 arrived broken. Can I get a new one?", "t1"),
        message(2, Role.ASSISTANT, "Hello Ada, I'm sorry to hear that. A replacement is possible within"
            + " 30 days. We'll email you a return label by Friday. Is there anything else?", "t1"),
        message(3, Role.USER, "Thanks!", "t2"),
        message(4, Role.ASSISTANT, "You're welcome! Have a nice day.", "t2"),
        message(5, Role.TOOL, "{\"label\": \"sent\"}", "t2"),
        message(6, Role.SYSTEM, "The customer switched to voice.", null));

    assertEquals("""
        Customer: My lamp from order 1042 arrived broken. Can I get a new one?
        Assistant: A replacement is possible within 30 days. We'll email you a return label by Friday.
        Note: The customer switched to voice.""", summarizer.extend("", messages));
  }

  @Test
  void extendsThePreviousSummaryWithoutRepeatingALine() {
    String first = summarizer.extend("", List.of(message(1, Role.USER, "Where is my parcel?", "t1")));
    String second = summarizer.extend(first, List.of(
        message(3, Role.USER, "Where is my parcel?", "t2"),
        message(4, Role.ASSISTANT, "It is with the courier.", "t2")));

    assertEquals("Customer: Where is my parcel?\nAssistant: It is with the courier.", second);
  }

  @Test
  void staysWithinItsCapByDroppingTheOldestLinesAndSaysSo() {
    String summary = "";
    List<String> all = new ArrayList<>();
    for (int turn = 1; turn <= 60; turn++) {
      List<ChatMessage> range = List.of(
          message(2 * turn - 1, Role.USER, "Question number " + turn + " about the delivery of my sofa?", "t" + turn),
          message(2 * turn, Role.ASSISTANT, "Answer number " + turn + ": the sofa is on its way to you.", "t" + turn));
      summary = summarizer.extend(summary, range);
      all.add(summary);
      assertTrue(counter.count(PromptMessage.system(summary)) <= 400, "turn " + turn + ": " + summary);
    }
    assertTrue(summary.startsWith(ExtractiveSummarizer.DROPPED + "\n"), summary);
    assertTrue(summary.contains("Question number 60") && !summary.contains("Question number 1 "), summary);
    assertEquals(1, summary.split(java.util.regex.Pattern.quote(ExtractiveSummarizer.DROPPED), -1).length - 1);
  }

  @Test
  void isDeterministic() {
    List<ChatMessage> range = List.of(
        message(1, Role.USER, "My order #A-77812 is late. Where is it?", "t1"),
        message(2, Role.ASSISTANT, "It left the warehouse on Monday. Someone will call you tomorrow.", "t1"));
    String once = new ExtractiveSummarizer(counter, 400).extend("Earlier: the customer is Ada.", range);
    String again = new ExtractiveSummarizer(new TokenEstimator(), 400).extend("Earlier: the customer is Ada.", range);
    assertEquals(once, again);
    assertEquals("""
        Earlier: the customer is Ada.
        Customer: My order #A-77812 is late. Where is it?
        Assistant: It left the warehouse on Monday. Someone will call you tomorrow.""", once);
  }

  @Test
  void dropsSentencesOfAModelWrittenParagraphOneByOne() {
    StringBuilder paragraph = new StringBuilder();
    for (int i = 1; i <= 40; i++) paragraph.append("The customer asked question ").append(i).append(". ");
    String summary = summarizer.extend(paragraph.toString().strip(),
        List.of(message(99, Role.USER, "Is my refund processed?", "t50")));

    assertTrue(counter.count(PromptMessage.system(summary)) <= 400);
    assertTrue(summary.contains("question 40.") && summary.endsWith("Customer: Is my refund processed?"), summary);
  }

  @Test
  void cutsASingleLineThatAloneIsOverTheCap() {
    ExtractiveSummarizer small = new ExtractiveSummarizer(counter, 60);
    String summary = small.extend("", List.of(message(1, Role.USER,
        "My " + "very ".repeat(100) + "long question", "t1")));
    assertTrue(counter.count(PromptMessage.system(summary)) <= 60, summary);
    assertTrue(summary.startsWith("Customer: My very") && summary.endsWith("…"), summary);
    assertThrows(IllegalArgumentException.class, () -> new ExtractiveSummarizer(counter, 10));
  }
}
