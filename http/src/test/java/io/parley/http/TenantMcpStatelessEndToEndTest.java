package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant's MCP server of revision 2026-07-28 (the MCP Java SDK's stateless server, {@link StatelessJavaMcpServer}):
 * the node finds the revision with {@code server/discover} and speaks it without a session ({@code initialize} is
 * never sent), each call carrying the revision, the call's {@code traceparent} and its idempotency key in
 * {@code _meta}; a server's {@code input_required} confirmation is answered from the call's arguments, or else asked
 * of the customer (an approval card over the chat socket) and given in a new call once approved; a tool
 * the server adds is offered once the server says its list changed on the {@code subscriptions/listen} stream.
 */
class TenantMcpStatelessEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private static OpenTelemetrySdk telemetry;
  private static FakeChatCompletionsServer model;
  private static ParleyNode node;
  private static StatelessJavaMcpServer orders;

  @BeforeAll
  static void start() throws Exception {
    orders = new StatelessJavaMcpServer();
    telemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult);
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), Map.of()), telemetry);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
    if (model != null) model.close();
    if (telemetry != null) telemetry.close();
    if (orders != null) orders.close();
  }

  @Test
  void aCallGoesStatelesslyWithTheRevisionTheTraceAndTheKeyInItsMeta() throws Exception {
    String session = draftSession("acme", "\"tools\": [{\"name\": \"order_status\"}, {\"name\": \"refund\"}]");
    String answer = say(session, "acme", new ToolCall("call-1", "orders_order_status", "{\"order\": \"A-1\"}"));
    assertTrue(answer.contains("Order A-1 has shipped with DHL"), answer);

    assertTrue(orders.methods().contains("server/discover"), orders.methods().toString());
    assertFalse(orders.methods().contains("initialize"), "no handshake: " + orders.methods());
    assertFalse(orders.methods().contains("null"), "every request names its method: " + orders.methods());
    Map<String, Object> meta = orders.callMetas().get(orders.callMetas().size() - 1);
    assertEquals("2026-07-28", meta.get("io.modelcontextprotocol/protocolVersion"), meta.toString());
    assertTrue(String.valueOf(meta.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"), meta.toString());
    assertTrue(String.valueOf(meta.get("io.parley/idempotency-key")).endsWith("/call-1"), meta.toString());
  }

  @Test
  void aConfirmationTheCallCarriesIsGivenAtOnce() throws Exception {
    String session = draftSession("acme", "\"tools\": [{\"name\": \"order_status\"}, {\"name\": \"refund\"}]");
    String confirmed = say(session, "acme",
        new ToolCall("call-2", "orders_refund", "{\"order\": \"A-2\", \"confirm\": true}"));
    assertTrue(confirmed.contains("Order A-2 refunded"), confirmed);
  }

  /**
   * The server's {@code input_required} confirmation, which the call does not carry, goes to the customer as an
   * approval card; approved, the call is made again with the confirmation given and the model reads its result;
   * refused, the model reads that the customer declined, and the server never gets a confirmation.
   */
  @Test
  void aConfirmationTheCallDoesNotCarryIsTheCustomers() throws Exception {
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=globex",
        "{\"config\": {\"mcpServers\": [{\"name\": \"orders\", \"url\": \"" + orders.url() + "\"}]}}");
    assertEquals(200, published.statusCode(), published.body());
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      customer.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "orders_refund", "{\"order\": \"A-3\"}")));
      String first = customer.say("c-1", "Please refund A-3").get("turnId").asText();
      JsonNode asked = customer.expect("approval");
      assertEquals("pending", asked.get("status").asText(), asked.toString());
      assertEquals("orders_refund", asked.get("tool").asText(), asked.toString());
      assertTrue(asked.get("summary").asText().endsWith(": Refund order A-3?"), asked.toString());
      customer.send(ToolApprovalEndToEndTest.approve(asked.get("approvalId").asText(), true));
      assertEquals("approved", customer.expect("approval").get("status").asText());
      String refunded = customer.answerOf(first).get("text").asText();
      assertTrue(refunded.contains("Order A-3 refunded"), refunded);

      model.enqueue(Reply.toolCalls(new ToolCall("call-2", "orders_refund", "{\"order\": \"A-4\"}")));
      String later = customer.say("c-2", "And A-4").get("turnId").asText();
      JsonNode second = customer.expect("approval");
      assertTrue(second.get("summary").asText().endsWith(": Refund order A-4?"), second.toString());
      customer.send(ToolApprovalEndToEndTest.approve(second.get("approvalId").asText(), false));
      assertEquals("refused", customer.expect("approval").get("status").asText());
      String declined = customer.answerOf(later).get("text").asText();
      assertTrue(declined.contains("orders_refund was not run: the customer declined it"), declined);
      assertFalse(declined.contains("refunded"), declined);
    }
  }

  @Test
  void aToolTheServerAddsIsOfferedOnceItSaysItsListChanged() throws Exception {
    String session = draftSession("initech", "");
    await("the node listening to the server's changes").atMost(Duration.ofSeconds(20))
        .until(() -> orders.methods().contains("subscriptions/listen"));
    orders.addTool("gift_cards", "The balance of a gift card", "the card holds 25 EUR");
    await("the new tool offered after the server said its list changed").atMost(Duration.ofSeconds(20)).until(() -> {
      // Said again each round: a change said before the stream was registered is not heard.
      orders.toolsChanged();
      int before = model.requestCount();
      TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/sessions/" + session + "/messages?tenant=initech",
          "{\"clientMsgId\": \"c-" + before + "\", \"text\": \"What's new?\"}");
      return model.requests().get(before).toolNames().contains("orders_gift_cards");
    });
  }

  private static String draftSession(String tenant, String tools) throws Exception {
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config/draft?tenant=" + tenant,
        "{\"config\": {\"mcpServers\": [{\"name\": \"orders\", \"url\": \"" + orders.url() + "\""
            + (tools.isEmpty() ? "" : ", " + tools) + "}]}}");
    assertEquals(200, saved.statusCode(), saved.body());
    HttpResponse<String> created = TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/sessions?tenant=" + tenant,
        "{\"draft\": true}");
    assertTrue(created.statusCode() < 300, created.statusCode() + " " + created.body());
    return JSON.readTree(created.body()).get("sessionId").asText();
  }

  private static String say(String session, String tenant, ToolCall call) throws Exception {
    model.enqueue(Reply.toolCalls(call));
    return TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/sessions/" + session + "/messages?tenant=" + tenant,
        "{\"clientMsgId\": \"" + call.id() + "\", \"text\": \"Please\"}").body();
  }
}
