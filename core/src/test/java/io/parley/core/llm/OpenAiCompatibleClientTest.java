package io.parley.core.llm;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import io.parley.core.retry.Backoff;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAiCompatibleClientTest {
  /** Short timeouts and back-offs, so that failing attempts end quickly; the tool-calling tests use them too. */
  static final LlmClientSettings FAST = new LlmClientSettings(
      Duration.ofSeconds(1),
      Duration.ofMillis(500),
      Duration.ofMillis(300),
      3,
      new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0, 0.0));
  private static final LlmRequest HELLO =
      new LlmRequest(List.of(PromptMessage.system("Be brief."), PromptMessage.user("hello there")), 64, 0.2);

  private final FakeChatCompletionsServer server = FakeChatCompletionsServer.start();
  private final List<String> deltas = new CopyOnWriteArrayList<>();
  private OpenAiCompatibleClient client = client(FAST);

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void streamsEachDeltaInOrderAndAnswersWithTheWholeTextAndUsage() throws Exception {
    LlmAnswer answer = answer(client.stream(HELLO, deltas::add));

    assertEquals(FakeChatCompletionsServer.chunksOf("You said: hello there"), deltas);
    assertEquals(List.of("You", " said:", " hello", " there"), deltas);
    assertEquals("You said: hello there", answer.text());
    assertEquals(Optional.of(new TokenUsage(4, 4)), answer.usage());
    assertEquals("stop", answer.finishReason());
    assertEquals(1, answer.attempts());
    assertEquals(Optional.of("test-model"), answer.model(), "the model the stream's chunks name");
    assertEquals(Optional.of("test-model"), client.model(), "the model it asks for");
  }

  @Test
  void postsTheOpenAiRequestShapeWithTheBearerKey() throws Exception {
    answer(client.stream(HELLO, deltas::add));

    RecordedRequest request = server.lastRequest();
    assertEquals("POST", request.method());
    assertEquals("/v1/chat/completions", request.path());
    assertEquals(Optional.of("Bearer secret-key"), request.header("authorization"));
    assertEquals(Optional.of("text/event-stream"), request.header("Accept"));
    assertEquals(Optional.of("application/json"), request.header("Content-Type"));
    assertEquals("test-model", request.model());
    assertTrue(request.stream());
    assertTrue(request.includeUsage());
    assertEquals(HELLO.messages(), request.messages());
    JsonNode body = request.body();
    assertEquals(64, body.path("max_tokens").asInt());
    assertEquals(0.2, body.path("temperature").asDouble());
  }

  @Test
  void sendsNoAuthorizationHeaderWithoutAKey() throws Exception {
    client.close();
    client = new OpenAiCompatibleClient(new LlmEndpoint("local", server.baseUrl(), "m", Optional.empty()), FAST);

    answer(client.stream(HELLO, deltas::add));

    assertEquals(Optional.empty(), server.lastRequest().header("Authorization"));
  }

  @Test
  void skipsRoleOnlyAndEmptyChunksAndReadsUsageFromAChunkWithoutChoices() throws Exception {
    server.enqueue(Reply.rawEvents(String.join("\n",
        ": keep-alive",
        "",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}",
        "",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null},\"finish_reason\":\"\"}]}",
        "",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"\"}]}",
        "",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"}}]}",
        "",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":null}]}",
        "",
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}",
        "",
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2,\"total_tokens\":14}}",
        "",
        "data: [DONE]",
        "",
        "")));

    LlmAnswer answer = answer(client.stream(HELLO, deltas::add));

    assertEquals(List.of("Hi", " there"), deltas);
    assertEquals(new LlmAnswer("Hi there", Optional.of(new TokenUsage(12, 2)), "length", 1), answer);
  }

  @Test
  void acceptsAStreamThatEndsAfterTheFinishReasonWithoutDone() throws Exception {
    server.enqueue(Reply.rawEvents(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Bye\"}}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"));

    LlmAnswer answer = answer(client.stream(HELLO, deltas::add));

    assertEquals(new LlmAnswer("Bye", Optional.empty(), "stop", 1), answer);
  }

  @Test
  void retriesARateLimitAfterTheRetryAfterTheServerAsked() throws Exception {
    client.close();
    client = client(new LlmClientSettings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(300), 3,
        new Backoff(Duration.ofMillis(1), Duration.ofMillis(300), 2.0, 0.0)));
    server.enqueue(Reply.error(429, "slow down").withRetryAfter(Duration.ofSeconds(1)));

    long started = System.nanoTime();
    LlmAnswer answer = answer(client.stream(HELLO, deltas::add));
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertEquals(2, answer.attempts());
    assertEquals(2, server.requestCount());
    assertEquals("You said: hello there", answer.text());
    // Retry-After: 1 capped at the backoff's 300 ms maximum; the backoff alone would wait 1 ms.
    assertTrue(elapsedMillis >= 290, "retried after " + elapsedMillis + " ms");
  }

  @Test
  void retriesServerErrorsUntilOneSucceeds() throws Exception {
    server.enqueue(Reply.error(503, "overloaded"), Reply.error(502, "bad gateway"));

    LlmAnswer answer = answer(client.stream(HELLO, deltas::add));

    assertEquals(3, answer.attempts());
    assertEquals(3, server.requestCount());
    assertEquals(FakeChatCompletionsServer.chunksOf("You said: hello there"), deltas);
  }

  /** A call that fails: after {@code attempts} requests, of {@code kind}, its message saying {@code saying}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("failedCalls")
  void aFailedCallSaysWhyAfterTheAttemptsItsKindAllows(String why, List<Reply> replies, LlmException.Kind kind,
      String saying, int attempts) throws Exception {
    server.enqueue(replies.toArray(Reply[]::new));

    LlmException failure = failure(client.stream(HELLO, deltas::add));

    assertEquals(kind, failure.kind());
    assertTrue(failure.getMessage().contains(saying), failure.getMessage());
    assertEquals(attempts, server.requestCount());
  }

  static Stream<Arguments> failedCalls() {
    return Stream.of(
        Arguments.of("server errors give up after the attempts, with the server's message",
            List.of(Reply.error(503, "overloaded"), Reply.error(503, "overloaded"), Reply.error(503, "still overloaded")),
            LlmException.Kind.SERVER_ERROR, "HTTP 503: still overloaded", 3),
        Arguments.of("an unauthorized request is rejected without retrying",
            List.of(Reply.error(401, "Incorrect API key provided")),
            LlmException.Kind.REJECTED, "Incorrect API key provided", 1),
        Arguments.of("a stalled stream times out, retried while nothing was delivered",
            List.of(Reply.answer().stallingAfter(0), Reply.answer().stallingAfter(0), Reply.answer().stallingAfter(0)),
            LlmException.Kind.TIMEOUT, "", 3),
        Arguments.of("a malformed chunk is a bad response",
            List.of(Reply.rawEvents("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\n\n")),
            LlmException.Kind.BAD_RESPONSE, "", 1),
        Arguments.of("an error inside a 200 stream is classified by its code",
            List.of(Reply.rawEvents("data: {\"error\":{\"code\":400,\"message\":\"the request exceeds the context size\","
                + "\"type\":\"exceed_context_size_error\"}}\n\n")),
            LlmException.Kind.REJECTED, "exceeds the context size", 1));
  }

  @Test
  void neverRetriesOnceADeltaWasDelivered() throws Exception {
    server.enqueue(Reply.answer().disconnectingAfter(2));

    LlmException failure = failure(client.stream(HELLO, deltas::add));

    assertEquals(LlmException.Kind.STREAM_BROKEN, failure.kind());
    assertEquals(List.of("You", " said:"), deltas);
    assertEquals(1, server.requestCount());
  }

  @Test
  void retriesADisconnectBeforeAnyDelta() throws Exception {
    server.enqueue(Reply.answer().disconnectingAfter(0));

    LlmAnswer answer = answer(client.stream(HELLO, deltas::add));

    assertEquals(2, answer.attempts());
    assertEquals("You said: hello there", String.join("", deltas));
  }

  @Test
  void reportsConnectAfterMaxAttemptsWhenNothingListens() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    client.close();
    client = new OpenAiCompatibleClient(
        new LlmEndpoint("nowhere", URI.create("http://127.0.0.1:" + closedPort + "/v1"), "m", Optional.empty()), FAST);

    LlmException failure = failure(client.stream(HELLO, deltas::add));

    assertEquals(LlmException.Kind.CONNECT, failure.kind());
    assertTrue(failure.getMessage().endsWith("(attempt 3 of 3)"), failure.getMessage());
  }

  @Test
  void readsTheMessageOutOfCloudflaresErrorEnvelope() throws Exception {
    server.enqueue(Reply.errorBody(400,
        "{\"errors\":[{\"message\":\"AiError: Bad input: model not found\",\"code\":5007}],\"success\":false,\"result\":{}}"));

    LlmException failure = failure(client.stream(HELLO, deltas::add));

    assertEquals(LlmException.Kind.REJECTED, failure.kind());
    assertEquals("HTTP 400: AiError: Bad input: model not found", failure.getMessage());
  }

  @Test
  void aStallAfterTheFirstDeltaBreaksTheStream() throws Exception {
    // An idle timeout with room to spare: on a loaded machine the first chunk itself can come
    // later than 300 ms after the headers, and a stall before any delta is rightly retried.
    client = client(new LlmClientSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2), 3,
        FAST.backoff()));
    server.enqueue(Reply.answer().stallingAfter(1));

    LlmException failure = failure(client.stream(HELLO, deltas::add));

    assertEquals(LlmException.Kind.STREAM_BROKEN, failure.kind());
    assertEquals(List.of("You"), deltas);
    assertEquals(1, server.requestCount());
  }

  @Test
  void slowChunksWithinTheIdleTimeoutAreFine() throws Exception {
    server.enqueue(Reply.answer().withChunkDelay(Duration.ofMillis(150)));

    assertEquals("You said: hello there", answer(client.stream(HELLO, deltas::add)).text());
  }

  @Test
  void retriesWhenTheHeadersDoNotComeWithinTheFirstByteTimeout() throws Exception {
    server.enqueue(Reply.answer().delayingHeaders(Duration.ofSeconds(5)));

    LlmAnswer answer = answer(client.stream(HELLO, deltas::add));

    assertEquals(2, answer.attempts());
  }

  @Test
  void cancelEndsTheCallPromptlyAndStopsTheDeltas() throws Exception {
    server.enqueue(Reply.answer().stallingAfter(1));
    CountDownLatch firstDelta = new CountDownLatch(1);
    LlmCall call = client.stream(HELLO, delta -> {
      deltas.add(delta);
      firstDelta.countDown();
    });
    assertTrue(firstDelta.await(2, TimeUnit.SECONDS));

    long started = System.nanoTime();
    call.cancel();
    LlmException failure = failure(call);

    assertEquals(LlmException.Kind.CANCELLED, failure.kind());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 200);
    Thread.sleep(400); // longer than the idle timeout: a live attempt would now fail or retry
    assertEquals(List.of("You"), deltas);
    assertEquals(1, server.requestCount());
  }

  @Test
  void cancelWhileWaitingForTheHeadersAbortsTheRequest() throws Exception {
    server.enqueue(Reply.answer().delayingHeaders(Duration.ofSeconds(5)));
    LlmCall call = client.stream(HELLO, deltas::add);
    await("the request at the server").atMost(Duration.ofSeconds(5)).until(() -> server.requestCount() == 1);

    call.cancel();

    assertEquals(LlmException.Kind.CANCELLED, failure(call).kind());
    Thread.sleep(600); // past the first-byte timeout: a live attempt would have retried
    assertEquals(1, server.requestCount());
  }

  @Test
  void aStreamPastItsLimitsIsABadResponseCutOffThere() throws Exception {
    client.close();
    client = client(new LlmClientSettings(FAST.connectTimeout(), FAST.firstByteTimeout(), FAST.idleTimeout(),
        FAST.maxAttempts(), FAST.backoff(), new LlmClientSettings.StreamLimits(100, 200, 2000)));
    String hi = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n";
    server.enqueue(
        Reply.rawEvents("data: " + "x".repeat(101) + "\n\n"),
        Reply.rawEvents("data: " + "x".repeat(90) + "\ndata: " + "x".repeat(90) + "\ndata: " + "x".repeat(90) + "\n\n"),
        Reply.rawEvents(hi.repeat(60)));

    for (String limit : List.of("a line over 100 bytes", "an event over 200 characters", "an answer over 2000 bytes")) {
      LlmException failure = failure(client.stream(HELLO, deltas::add));
      assertEquals(LlmException.Kind.BAD_RESPONSE, failure.kind(), failure.getMessage());
      assertTrue(failure.getMessage().contains(limit), failure.getMessage());
    }
    assertEquals(3, server.requestCount(), "none retried");
  }

  @Test
  void linesEndedByACarriageReturnAloneAreLinesToo() throws Exception {
    server.enqueue(Reply.rawEvents("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\r\r"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\ndata: [DONE]\r\r"));

    assertEquals("Hi", answer(client.stream(HELLO, deltas::add)).text());
  }

  @Test
  void closeCancelsRunningCallsAndRefusesNewOnes() throws Exception {
    server.enqueue(Reply.answer().delayingHeaders(Duration.ofSeconds(5)));
    LlmCall call = client.stream(HELLO, deltas::add);

    client.close();

    assertEquals(LlmException.Kind.CANCELLED, failure(call).kind());
    assertThrows(IllegalStateException.class, () -> client.stream(HELLO, deltas::add));
  }

  private OpenAiCompatibleClient client(LlmClientSettings settings) {
    return new OpenAiCompatibleClient(
        new LlmEndpoint("fake", server.baseUrl(), "test-model", Optional.of("secret-key")), settings);
  }

  private static LlmAnswer answer(LlmCall call) throws InterruptedException, ExecutionException, TimeoutException {
    return call.result().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static LlmException failure(LlmCall call) throws InterruptedException, TimeoutException {
    try {
      LlmAnswer unexpected = answer(call);
      return fail("expected a failure, got " + unexpected);
    } catch (ExecutionException e) {
      assertFalse(e.getCause() == null);
      return assertInstanceOf(LlmException.class, e.getCause());
    }
  }
}
