package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestH2;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A procedure in a German conversation on a real node, the bot's texts written in English, with a
 * fake model speaking the OpenAI wire format that translates from a dictionary and extracts an
 * address as JSON: the say, its option and the ask go out in German with the variables' values as
 * they are (never sent to the model); the address, an object, is the model's extraction, validated
 * in code, asked again when it lacks the city; the last say is the company's own German text; the
 * staff see each translated message's original;
 * a node restarted on the same journal translates nothing again. A translation that breaks a
 * value's marker sends the text as written.
 */
class ProcedureLanguageEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADDRESS = "{\"type\": \"object\", \"properties\": {\"street\": {\"type\": \"string\"}, "
      + "\"city\": {\"type\": \"string\"}}, \"required\": [\"street\", \"city\"]}";
  private static final String CONFIG = """
      {"procedures": [{"name": "redirect", "description": "The customer wants an order sent to another address",
        "inputs": {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]},
        "steps": [
          {"say": "We will send order {{inputs.order}} to a new address.",
           "options": [{"label": "Keep {{inputs.order}} where it is", "value": "keep"}]},
          {"ask": "address", "prompt": "Where shall order {{inputs.order}} go? Street and city, please.", "schema": %s},
          {"say": "Order {{inputs.order}} goes to {{address.street}}, {{address.city}}.",
           "texts": {"de": "Bestellung {{inputs.order}} geht an {{address.street}} in {{address.city}}."}}]}]}
      """.formatted(ADDRESS);
  private static final Map<String, String> GERMAN = Map.of(
      "We will send order [VALUE_1] to a new address.", "Wir senden Bestellung [VALUE_1] an eine neue Adresse.",
      "Keep [VALUE_2] where it is", "[VALUE_2] bleibt, wo sie ist",
      "Where shall order [VALUE_1] go? Street and city, please.", "Wohin soll Bestellung [VALUE_1] gehen? Straße und Ort, bitte.");
  private static final String ASK_DE = "Wohin soll Bestellung A-1042 gehen? Straße und Ort, bitte.";

  @TempDir Path dataDir;
  private FakeChatCompletionsServer model;
  private ParleyNode node;

  @AfterEach
  void stop() {
    if (node != null) node.close();
    if (model != null) model.close();
  }

  @Test
  void aGermanConversationGetsTheProcedureInGermanAndItsAddressFromTheModel() throws Exception {
    start(answering(GERMAN));
    String sessionId;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = customer.startIn("de");
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_redirect", "{\"order\":\"A-1042\"}")));
      JsonNode said = customer.answerOf(customer.say("c-1", "Bitte senden Sie Bestellung A-1042 an eine andere Adresse")
          .get("turnId").asText());
      assertEquals("Wir senden Bestellung A-1042 an eine neue Adresse.", said.get("text").asText(),
          () -> model.requests().stream().map(r -> r.body().toString()).toList().toString());
      assertEquals("[{\"label\":\"A-1042 bleibt, wo sie ist\",\"value\":\"keep\"}]", said.path("options").toString(),
          "the option's label translated, its value as written");
      assertTrue(said.path("translation").isMissingNode(), "the customer reads the text alone: " + said);
      assertEquals(ASK_DE, nextAnswer(customer).get("text").asText());
      List<RecordedRequest> translations = model.requests().stream().filter(FakeTranslator::isTranslation).toList();
      assertEquals(2, translations.size(), "the say (with its option) and the ask");
      assertTrue(translations.getFirst().messages().getFirst().content().contains("into German (de)"));
      assertTrue(translations.stream().noneMatch(request -> request.body().toString().contains("A-1042")),
          "the variables' values never go to the model");
    }

    // A node restarted on the same journal replays the messages as sent: nothing is translated again.
    int requests = model.requestCount();
    node.close();
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), Map.of()));
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.resume(sessionId, 0);
      JsonNode again = customer.answerOf(customer.say("c-2", "Schreiben Sie mir an ada@example.com").get("turnId").asText());
      assertEquals(ASK_DE, again.get("text").asText(), "no street and city: asked again");
      RecordedRequest extraction = model.requests().stream().filter(ProcedureLanguageEndToEndTest::isExtraction)
          .findFirst().orElseThrow();
      assertEquals(requests + 2, model.requestCount(), "the extraction and the ask's translation, nothing replayed: "
          + model.requests().subList(requests, model.requestCount()));
      JsonNode format = extraction.body().path("response_format");
      assertEquals("json_schema", format.path("type").asText());
      assertFalse(format.path("json_schema").path("strict").asBoolean(true), "a tenant's schema goes as a guide");
      assertEquals(JSON.readTree(ADDRESS), format.path("json_schema").path("schema").path("properties").path("value"));
      assertTrue(extraction.lastUserMessage().contains("[EMAIL_1]") && !extraction.body().toString().contains("ada@example.com"),
          "personal data goes to the model as placeholders: " + extraction.lastUserMessage());

      assertEquals("Bestellung A-1042 geht an Hauptstraße 5 in Berlin.", customer.answerTo("c-3", "Hauptstraße 5 in Berlin"),
          "the company's own German text, filled");
      assertEquals(3, model.requests().stream().filter(FakeTranslator::isTranslation).count(),
          "the say, the ask and the ask again: the company's own text is not translated");
    }

    JsonNode view = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + sessionId + "?tenant=acme",
        null).body());
    JsonNode first = messageSaying(view, "Wir senden Bestellung A-1042 an eine neue Adresse.");
    assertEquals("We will send order A-1042 to a new address.", first.path("translation").path("original").asText(), first.toString());
    assertEquals("en", first.path("translation").path("from").asText());
    assertEquals("de", first.path("translation").path("to").asText());
    JsonNode run = view.get("procedures").get(0);
    assertEquals("completed", run.get("outcome").asText(), run.toString());
    assertTrue(run.toString().contains("Hauptstra\\u00DFe 5") || run.toString().contains("Hauptstraße 5"), run.toString());
    assertTrue(run.get("steps").valueStream().anyMatch(step -> ASK_DE.equals(step.path("prompt").asText())),
        "the ask's prompt kept as the customer got it: " + run);
  }

  @Test
  void aTranslationThatFailsOrLosesAValueSendsTheTextAsWritten() throws Exception {
    Map<String, String> broken = Map.of("We will send order [VALUE_1] to a new address.", "Wir senden Bestellung [VALUE_1].",
        "Keep [VALUE_2] where it is", "[VALUE_2] bleibt, wo sie ist",
        "Where shall order [VALUE_1] go? Street and city, please.", "Wohin soll die Bestellung gehen?");
    start(answering(broken));
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startIn("de");
      // The say's translation is refused by the server; the ask's loses the order number's marker.
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_redirect", "{\"order\":\"A-1042\"}")),
          Reply.error(400, "the model refused"));
      JsonNode said = customer.answerOf(customer.say("c-1", "Bitte senden Sie Bestellung A-1042 an eine andere Adresse")
          .get("turnId").asText());
      assertEquals("We will send order A-1042 to a new address.", said.get("text").asText());
      assertEquals("[{\"label\":\"Keep A-1042 where it is\",\"value\":\"keep\"}]", said.path("options").toString());
      assertEquals("Where shall order A-1042 go? Street and city, please.", nextAnswer(customer).get("text").asText());
      assertEquals(2, model.requests().stream().filter(FakeTranslator::isTranslation).count(), "each asked once");
      JsonNode view = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + sessionId + "?tenant=acme",
          null).body());
      assertTrue(messageSaying(view, "We will send order A-1042 to a new address.").path("translation").isMissingNode(),
          "what went as written is no translation");
    }
  }

  @Test
  void aGermanBotsOwnGermanTextIsSentInAGermanConversationItsAmountInGerman() throws Exception {
    String config = """
        {"widget": {"language": "de"},
         "procedures": [{"name": "redirect", "description": "The customer wants an order sent to another address",
          "inputs": {"type": "object", "properties": {"order": {"type": "string"}, "fee": {"type": "number"}},
            "required": ["order", "fee"]},
          "steps": [{"say": "Order {{inputs.order}} will be sent to a new address for {{inputs.fee}} EUR.",
                     "texts": {"de": "Bestellung {{inputs.order}} geht für {{inputs.fee}} EUR an eine neue Adresse."}}]}]}
        """;
    start(answering(GERMAN), config);
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.startIn("de");
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_redirect", "{\"order\":\"A-1042\",\"fee\":4.5}")));
      JsonNode said = customer.answerOf(customer.say("c-1", "Bitte senden Sie Bestellung A-1042 an eine andere Adresse")
          .get("turnId").asText());
      assertEquals("Bestellung A-1042 geht für 4,50\u00A0€ an eine neue Adresse.", said.get("text").asText(),
          "the company's German text, though German is the language the bot's texts are written in, its amount as German writes it");
      assertEquals(0, model.requests().stream().filter(FakeTranslator::isTranslation).count(), "nothing to translate");
    }
  }

  private void start(Function<RecordedRequest, String> responder) throws Exception {
    start(responder, CONFIG);
  }

  private void start(Function<RecordedRequest, String> responder, String config) throws Exception {
    model = FakeChatCompletionsServer.start(responder);
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), Map.of()));
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": " + config + "}");
    assertEquals(200, saved.statusCode(), saved.body());
  }

  /** The translations of {@code dictionary}, and an address taken from "STREET in CITY" (the street alone otherwise). */
  private static Function<RecordedRequest, String> answering(Map<String, String> dictionary) {
    Function<RecordedRequest, String> translator = FakeTranslator.answering(dictionary);
    return request -> {
      if (!isExtraction(request)) return translator.apply(request);
      try {
        String answer = JSON.readTree(request.lastUserMessage()).get("answer").asText();
        ObjectNode value = JSON.createObjectNode();
        int in = answer.lastIndexOf(" in ");
        if (in < 0) {
          value.put("street", answer);
        } else {
          value.put("street", answer.substring(0, in).strip()).put("city", answer.substring(in + 4).strip());
        }
        ObjectNode extracted = JSON.createObjectNode().put("given", true);
        extracted.set("value", value);
        return extracted.toString();
      } catch (java.io.IOException e) {
        throw new IllegalStateException("not a question and an answer: " + request.lastUserMessage(), e);
      }
    };
  }

  private static boolean isExtraction(RecordedRequest request) {
    return request.body().path("response_format").path("json_schema").path("name").asText().equals("answer_value");
  }

  private static JsonNode nextAnswer(ChatClient customer) {
    return customer.next(f -> ChatClient.isMessage(f, "assistant"));
  }

  private static JsonNode messageSaying(JsonNode view, String text) {
    for (JsonNode message : view.path("messages")) {
      if (message.path("text").asText().equals(text)) return message;
    }
    throw new AssertionError("no message says " + text + ": " + view.path("messages"));
  }
}
