package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With no model configured, the tenant's uploaded help article answers the question it answers,
 * cited by its title and stored as an offline answer, and a question neither an article nor a
 * rule fits gets an honest "I can't answer that here" with the way to a person, over a real socket
 * on PostgreSQL.
 */
class OfflineKnowledgeEndToEndTest {
  @RegisterExtension
  static final RunningNode node = RunningNode.offline();

  @Test
  void anUploadedArticleAnswersItsQuestionAndAnUnfittingQuestionIsToldSo() throws Exception {
    node.addArticle("acme", "Returning camping gear", "# Returning camping gear\n\nWe hope you love your gear. Tents"
        + " and sleeping bags can be returned within 60 days of delivery, unused and in their original packaging.\n\n"
        + "## Refunds\n\nRefunds reach your card within 5 working days of the return arriving.");

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.send(ChatClient.frame("start"));
      assertEquals("offline", customer.expect("session").get("mode").asText());
      JsonNode asked = customer.say("c-1", "How many days do I have to return a tent?");
      JsonNode answer = customer.answerOf(asked.get("turnId").asText());
      assertEquals("offline", answer.get("source").asText());
      String text = answer.get("text").asText();
      assertTrue(text.startsWith("You're using our automatic help"), text);
      assertTrue(text.contains("From our help article \"Returning camping gear\":"), text);
      assertTrue(text.contains("Tents and sleeping bags can be returned within 60 days of delivery"), text);

      JsonNode gift = customer.say("c-2", "do you have gift cards?");
      String unfit = customer.answerOf(gift.get("turnId").asText()).get("text").asText();
      assertTrue(unfit.startsWith("I can't answer that here."), unfit);
      assertTrue(unfit.contains("write \"I'd like to talk to a person\""), unfit);

      JsonNode thanks = customer.say("c-3", "Thanks!");
      assertTrue(customer.answerOf(thanks.get("turnId").asText()).get("text").asText().startsWith("You're welcome!"));
    }

    try (ChatClient other = ChatClient.connect(node.httpPort(), "globex")) {
      other.startNew();
      JsonNode asked = other.say("c-1", "How many days do I have to return a tent?");
      String text = other.answerOf(asked.get("turnId").asText()).get("text").asText();
      assertTrue(!text.contains("Returning camping gear") && text.contains("returns information"),
          "another tenant's articles are not this one's: " + text);
    }
  }
}
