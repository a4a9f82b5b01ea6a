package io.parley.tools.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.net.OutboundHttp;
import io.parley.core.signing.BodySignature;
import io.parley.core.testing.LoopbackOutbound;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.tools.ResultLimit;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A remote tool against a real HTTP server on loopback: what it sends, and what each kind of answer becomes. */
class RemoteToolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "order-system-secret";
  /** Long enough that no answer waits it out on a loaded machine; the timeout tests set their own. */
  private static final int AMPLE_MS = 30_000;

  private ScriptedHttpServer server;

  @BeforeEach
  void start() {
    server = ScriptedHttpServer.start(Response.json(200, "{\"status\":\"shipped\",\"summary\":\"Order A1 has shipped\"}"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RemoteTool tool(URI url, int timeoutMs, boolean signed) {
    String secret = signed ? ",\"secret\":\"" + SECRET + "\"" : "";
    RemoteToolEndpoint endpoint = RemoteToolList.parse("[{\"name\":\"order_status\",\"description\":\"Where an order is\","
        + "\"url\":\"" + url + "\",\"timeoutMs\":" + timeoutMs + ",\"idempotent\":true" + secret + ","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},\"required\":[\"order\"]}}]")
        .get(0);
    return RemoteTools.connect(List.of(endpoint), List.of("kb_search"), LoopbackOutbound.http(), ResultLimit.standard()).get(0);
  }

  private RemoteTool tool() {
    return tool(server.url("/parley/order-status"), AMPLE_MS, true);
  }

  private static ToolInvocation invocation() throws Exception {
    return new ToolInvocation("acme", "session-7", "turn-2", "call_9", JSON.readTree("{\"order\":\"A1\"}"));
  }

  private ToolFailure failure(RemoteTool tool) {
    return assertThrows(ToolFailure.class, () -> tool.run(invocation()));
  }

  @Test
  void aCallPostsTheArgumentsWithTheIdempotencyKeySigned() throws Exception {
    ToolResult result = tool().run(invocation());

    assertEquals("{\"status\":\"shipped\",\"summary\":\"Order A1 has shipped\"}", result.content());
    assertEquals("Order A1 has shipped", result.summary());
    ScriptedHttpServer.Request request = server.requests().get(0);
    assertEquals("POST", request.method());
    assertEquals("/parley/order-status", request.path());
    JsonNode body = JSON.readTree(request.body());
    assertEquals("order_status", body.get("tool").asText());
    assertEquals(JSON.readTree("{\"order\":\"A1\"}"), body.get("arguments"));
    assertEquals("session-7/turn-2/call_9", body.get("idempotencyKey").asText());
    assertEquals("acme", body.get("tenant").asText());
    assertEquals("session-7", body.get("sessionId").asText());
    assertEquals("session-7/turn-2/call_9", request.header("Idempotency-Key").orElseThrow());
    assertEquals("application/json", request.header("Content-Type").orElseThrow());
    assertEquals(BodySignature.of(SECRET, request.body()), request.header(BodySignature.HEADER).orElseThrow());
  }

  @Test
  void withoutASecretNothingIsSigned() throws Exception {
    server.answerWith(Response.json(200, "{\"status\":\"shipped\"}"));
    ToolResult result = tool(server.url("/status"), AMPLE_MS, false).run(invocation());

    assertEquals("order_status succeeded", result.summary(), "no summary in the answer");
    assertTrue(server.requests().get(0).header(BodySignature.HEADER).isEmpty());
  }

  @Test
  void aClientErrorIsPermanentWithTheServersMessage() {
    server.answerWith(Response.json(404, "{\"error\":{\"message\":\"There is no order A1\"}}"));
    ToolFailure failure = failure(tool());

    assertFalse(failure.transientFailure());
    assertEquals("order_status refused the call (HTTP 404: There is no order A1)", failure.getMessage());
    server.answerWith(Response.json(422, "order must look like A123"));
    assertEquals("order_status refused the call (HTTP 422: order must look like A123)", failure(tool()).getMessage());
  }

  @Test
  void serverErrorsAndRateLimitsAreTransient() {
    server.enqueue(Response.json(503, "{\"message\":\"maintenance\"}"), Response.json(429, ""), Response.json(500, ""));
    ToolFailure unavailable = failure(tool());
    assertTrue(unavailable.transientFailure());
    assertEquals("order_status failed (HTTP 503: maintenance)", unavailable.getMessage());
    assertTrue(failure(tool()).transientFailure(), "429");
    assertEquals("order_status failed (HTTP 500)", failure(tool()).getMessage());
  }

  @Test
  void aServerThatNeverAnswersTimesOutTransiently() {
    server.answerWith(Response.hang());
    ToolFailure failure = failure(tool(server.url("/slow"), 300, true));

    assertTrue(failure.transientFailure());
    assertEquals("order_status did not answer within 300 ms", failure.getMessage());
  }

  @Test
  void aServerThatStallsInTheMiddleOfItsAnswerTimesOutToo() {
    server.answerWith(Response.stallMidBody("{\"status\":\"shipped\",\"carrier\":\"DHL\"}"));
    ToolFailure failure = failure(tool(server.url("/stalls"), 300, true));

    assertTrue(failure.transientFailure());
    assertEquals("order_status did not answer within 300 ms", failure.getMessage());
  }

  @Test
  void aRefusedConnectionIsTransient() {
    URI gone = server.url("/parley/order-status");
    server.close();
    ToolFailure failure = failure(tool(gone, AMPLE_MS, true));

    assertTrue(failure.transientFailure());
    assertTrue(failure.getMessage().startsWith("order_status could not be reached"), failure.getMessage());
  }

  @Test
  void anAddressTheOutboundPolicyRefusesIsPermanentAndNothingIsSent() {
    RemoteToolEndpoint endpoint = RemoteToolList.parse("[{\"name\":\"order_status\",\"description\":\"Where an order is\","
        + "\"url\":\"" + server.url("/parley/order-status") + "\",\"parameters\":{\"type\":\"object\"}}]").get(0);
    RemoteTool strict = RemoteTools.connect(List.of(endpoint), List.of(),
        new OutboundHttp(OutboundAddressPolicy.parse("")), ResultLimit.standard()).get(0);
    ToolFailure failure = failure(strict);

    assertFalse(failure.transientFailure());
    // The model reads it, and may repeat it to the customer: no address; the log reads the cause.
    assertEquals("order_status may not be called: the tool's address is not allowed", failure.getMessage());
    assertTrue(failure.getCause().getMessage().startsWith("127.0.0.1 is loopback (127.0.0.0/8)"));
    assertTrue(failure.getCause().getMessage().endsWith("the operator allows networks with PARLEY_OUTBOUND_ALLOWED_NETWORKS"));
    assertEquals(0, server.requestCount(), "refused before anything is sent");
  }

  @Test
  void aSuccessThatIsNotJsonIsPermanentAndSaysTheOutcomeIsUnknown() {
    server.answerWith(Response.json(200, "<html>OK</html>"));
    ToolFailure failure = failure(tool());

    assertFalse(failure.transientFailure());
    assertTrue(failure.getMessage().startsWith("order_status answered, but not with JSON"), failure.getMessage());
  }

  @Test
  void aLongAnswerIsReadToTheLimitOnlyAndCutWithANote() throws Exception {
    String huge = "{\"items\":\"" + "x".repeat(50_000) + "\"}";
    server.enqueue(Response.json(200, huge));
    RemoteToolEndpoint endpoint = RemoteToolList.parse("[{\"name\":\"catalog\",\"description\":\"Everything\","
        + "\"url\":\"" + server.url("/catalog") + "\",\"parameters\":{\"type\":\"object\"}}]").get(0);
    RemoteTool tool = RemoteTools.connect(List.of(endpoint), List.of(), LoopbackOutbound.http(), new ResultLimit(1_000))
        .get(0);

    ToolResult result = tool.run(invocation());

    assertTrue(result.content().startsWith("{\"items\":\"xxx"), result.content());
    assertEquals(1_000 + new ResultLimit(1_000).note().length(), result.content().length(), "cut at 1,000 characters");
    assertTrue(result.content().endsWith(new ResultLimit(1_000).note()));
    assertEquals("catalog succeeded (its answer was cut)", result.summary());
  }

  @Test
  void anEmptySuccessIsAnEmptyResult() throws Exception {
    server.answerWith(Response.json(204, ""));
    assertEquals("{}", tool().run(invocation()).content());
  }
}
