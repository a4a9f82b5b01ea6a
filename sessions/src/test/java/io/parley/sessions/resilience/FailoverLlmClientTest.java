package io.parley.sessions.resilience;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmClientSettings;
import io.parley.core.llm.LlmEndpoint;
import io.parley.core.llm.LlmException.Kind;
import io.parley.core.llm.LlmException;
import io.parley.core.llm.LlmRequest;
import io.parley.core.llm.OpenAiCompatibleClient;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.retry.Backoff;
import io.parley.core.testing.ClassResource;
import io.parley.core.testing.MetricSamples;
import io.parley.core.trace.Tracing;
import io.parley.sessions.resilience.DependencyBreakers.State;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failover across fake model servers, each behind its own breaker, with small timeouts. */
class FailoverLlmClientTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  /** Two attempts per provider, fast backoff. */
  private static final LlmClientSettings CLIENT = new LlmClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(5), 2, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.2));
  private static final BreakerSettings PATIENT = new BreakerSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30));

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<FakeChatCompletionsServer> servers = new ArrayList<>();
  /** Fake providers for the chain, named a and b by their place in it. */
  private final FakeChatCompletionsServer a = server();
  private final FakeChatCompletionsServer b = server();
  private DependencyBreakers breakers;
  private FailoverLlmClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
    servers.forEach(FakeChatCompletionsServer::close);
  }

  @Test
  void failsOverFromAProviderAnswering503ToTheNext() {
    a.enqueue(Reply.error(503, "overloaded"), Reply.error(503, "overloaded"));
    chain(PATIENT, a, b);

    Result result = ask("hello");
    assertEquals("You said: hello", result.answer().text());
    assertEquals(FakeChatCompletionsServer.chunksOf("You said: hello"), result.deltas(), "only b's text reaches the listener");
    assertEquals(2, a.requestCount(), "a's own retries come first");
    assertEquals(1, b.requestCount());
    assertEquals(1.0, sample("parley_llm_answers_total", "provider", "b"));
    assertEquals(0.0, sample("parley_llm_answers_total", "provider", "a"));
    assertEquals(1.0, failovers("a", "server_error"));
  }

  @Test
  void aRequestNamingProvidersTriesOnlyThoseInItsOrder() throws Exception {
    FakeChatCompletionsServer c = server();
    chain(PATIENT, a, b, c);
    assertEquals(List.of("a", "b", "c"), client.providerNames());

    c.enqueue(Reply.error(401, "invalid api key"));
    LlmCall call = client.stream(request("hello").withProviders(List.of("c", "b")), text -> { });
    assertEquals("You said: hello", call.result().toCompletableFuture().get(10, TimeUnit.SECONDS).text());
    assertEquals(0, a.requestCount(), "a provider the request leaves out is never tried");
    assertEquals(1, c.requestCount(), "the request's first provider comes first");
    assertEquals(1, b.requestCount());

    c.enqueue(Reply.error(401, "invalid api key"));
    LlmCall onlyC = client.stream(request("again").withProviders(List.of("c")), text -> { });
    assertFailed(onlyC);
    assertEquals(1, b.requestCount(), "no failover past the request's providers");

    assertEquals("You said: gone", client.stream(request("gone").withProviders(List.of("removed")), text -> { })
        .result().toCompletableFuture().get(10, TimeUnit.SECONDS).text(), "no provider of the chain: the chain's order");
    assertEquals(1, a.requestCount());
  }

  @Test
  void aRejectedKeyFailsOverAtOnce() {
    a.enqueue(Reply.error(401, "invalid api key"));
    chain(PATIENT, a, b);

    assertEquals("You said: hi", ask("hi").answer().text());
    assertEquals(1, a.requestCount(), "a 401 is not retried on the same provider");
    assertEquals(1.0, failovers("a", "rejected"));
  }

  @Test
  void anOpenBreakerSkipsItsProviderWithoutCallingIt() {
    a.enqueue(Reply.error(500, "down"), Reply.error(500, "down"), Reply.error(500, "down"), Reply.error(500, "down"));
    chain(new BreakerSettings(2, Duration.ofSeconds(10), Duration.ofSeconds(30)), a, b);
    assertEquals(0.0, sample("parley_circuit_breaker_state", "dependency", "llm:a"), "exported before any call");

    ask("one");
    ask("two");
    awaitState("llm:a", State.OPEN);
    assertEquals(4, a.requestCount());
    assertEquals(2.0, sample("parley_circuit_breaker_state", "dependency", "llm:a"));
    assertEquals(1.0, transitions("llm:a", "open"));

    assertEquals("You said: three", ask("three").answer().text());
    assertEquals(4, a.requestCount(), "the open breaker let nothing through to a");
    assertEquals(3, b.requestCount());
    assertEquals(1.0, failovers("a", "breaker_open"));
    assertEquals(State.CLOSED, breakers.state("llm:b"));
  }

  @Test
  void anOverlongLineIsABadResponseThatCountsAgainstTheProvidersBreaker() {
    // Past the default line limit (256 KiB), and never ended: the node must not hold it all.
    a.enqueue(Reply.rawEvents("data: " + "x".repeat(2 * 1024 * 1024)));
    chain(new BreakerSettings(1, Duration.ofSeconds(10), Duration.ofSeconds(30)), a, b);

    assertEquals("You said: long", ask("long").answer().text(), "the next provider answers");
    awaitState("llm:a", State.OPEN);
    assertEquals(1, a.requestCount(), "a bad response is not retried");
    assertEquals(1.0, failovers("a", "bad_response"));
  }

  @Test
  void theBreakerHalfOpensAfterTheResetTimeoutAndClosesOnASuccessfulTrial() {
    a.enqueue(Reply.error(503, "down"), Reply.error(503, "down"));
    chain(new BreakerSettings(1, Duration.ofSeconds(10), Duration.ofMillis(300)), a, b);

    assertEquals("You said: one", ask("one").answer().text());
    awaitState("llm:a", State.HALF_OPEN);
    assertEquals(1.0, transitions("llm:a", "open"));
    assertEquals(1.0, sample("parley_circuit_breaker_state", "dependency", "llm:a"));

    assertEquals("You said: two", ask("two").answer().text(), "a has recovered and answers the trial");
    assertEquals(3, a.requestCount());
    assertEquals(1, b.requestCount());
    awaitState("llm:a", State.CLOSED);
    assertEquals(0.0, sample("parley_circuit_breaker_state", "dependency", "llm:a"));
    assertEquals(1.0, transitions("llm:a", "open"));
    assertEquals(1.0, transitions("llm:a", "half-open"));
    assertEquals(1.0, transitions("llm:a", "closed"));
    assertEquals(1.0, sample("parley_llm_answers_total", "provider", "a"));
  }

  @Test
  void aDisconnectAfterADeltaFailsWithoutFailover() {
    a.enqueue(Reply.answer("one two three four").disconnectingAfter(2));
    chain(PATIENT, a, b);

    Result result = ask("hi");
    assertEquals(Kind.STREAM_BROKEN, result.failure().kind());
    assertEquals(List.of("one", " two"), result.deltas());
    assertEquals(0, b.requestCount(), "the user saw part of a's answer: b must not start another");
  }

  @Test
  void aProviderPastTheCallTimeoutIsAbandonedForTheNext() throws Exception {
    a.enqueue(Reply.answer("too late").delayingHeaders(Duration.ofMillis(800)));
    chain(new BreakerSettings(3, Duration.ofMillis(300), Duration.ofSeconds(30)), a, b);

    Result result = ask("hi");
    assertEquals("You said: hi", result.answer().text());
    assertEquals(1.0, failovers("a", "timeout"));
    Thread.sleep(1000); // past a's late answer: nothing of it may reach the caller
    assertEquals(FakeChatCompletionsServer.chunksOf("You said: hi"), result.deltas(), "nothing from the abandoned a");
  }

  @Test
  void theCallTimeoutAfterADeltaFailsWithoutFailover() {
    a.enqueue(Reply.answer("one two three").stallingAfter(1));
    chain(new BreakerSettings(3, Duration.ofMillis(500), Duration.ofSeconds(30)), a, b);

    Result result = ask("hi");
    assertEquals(Kind.STREAM_BROKEN, result.failure().kind());
    assertTrue(result.failure().getMessage().contains("call-timeout of 500 ms"), result.failure().getMessage());
    assertEquals(List.of("one"), result.deltas());
    assertEquals(0, b.requestCount());
  }

  @Test
  void whenEveryProviderFailsTheCallFailsNamingEach() {
    a.enqueue(Reply.error(503, "a is down"), Reply.error(503, "a is down"));
    b.enqueue(Reply.error(429, "b is busy"), Reply.error(429, "b is busy"));
    chain(PATIENT, a, b);

    LlmException failure = ask("hi").failure();
    assertEquals(Kind.RATE_LIMITED, failure.kind(), "the last provider's failure");
    assertTrue(failure.getMessage().startsWith("all 2 model providers failed: a: SERVER_ERROR"), failure.getMessage());
    assertTrue(failure.getMessage().contains("; b: RATE_LIMITED"), failure.getMessage());
    assertEquals(1.0, failovers("a", "server_error"));
    assertNull(MetricSamples.value(registry, "parley_llm_failovers_total", new String[] {"provider", "reason"},
        new String[] {"b", "rate_limited"}), "past the last provider there is nothing to fail over to");
  }

  @Test
  void withEveryBreakerOpenTheCallFailsFastAsCircuitOpen() {
    a.enqueue(Reply.error(500, "down"), Reply.error(500, "down"));
    b.enqueue(Reply.error(500, "down"), Reply.error(500, "down"));
    chain(new BreakerSettings(1, Duration.ofSeconds(10), Duration.ofSeconds(30)), a, b);
    ask("one");
    awaitState("llm:a", State.OPEN);
    awaitState("llm:b", State.OPEN);

    LlmException failure = ask("two").failure();
    assertEquals(Kind.CIRCUIT_OPEN, failure.kind());
    assertEquals("all 2 model providers failed: a: circuit breaker open; b: circuit breaker open", failure.getMessage());
    assertEquals(2, a.requestCount());
    assertEquals(2, b.requestCount());
  }

  @Test
  void aCancelledCallDoesNotCountAgainstTheProvider() {
    a.enqueue(Reply.answer("slow").delayingHeaders(Duration.ofSeconds(3)));
    chain(new BreakerSettings(1, Duration.ofSeconds(10), Duration.ofSeconds(30)), a);

    LlmCall call = client.stream(request("hi"), text -> {});
    await("a's request").atMost(Duration.ofSeconds(5)).until(() -> a.requestCount() == 1);
    call.cancel();
    Throwable failure = assertFailed(call);
    assertEquals(Kind.CANCELLED, ((LlmException) failure).kind());
    assertEquals("You said: again", ask("again").answer().text(), "one failure would have opened the breaker");
    assertEquals(State.CLOSED, breakers.state("llm:a"));
  }

  @Test
  void oneProviderKeepsItsOwnNameAndItsOwnFailure() {
    a.enqueue(Reply.error(401, "invalid api key"));
    chain(PATIENT, a);

    assertEquals("a", client.name());
    LlmException failure = ask("hi").failure();
    assertEquals(Kind.REJECTED, failure.kind());
    assertTrue(failure.getMessage().contains("invalid api key"), failure.getMessage());
  }

  @Test
  void severalProvidersAreNamedAsAChain() {
    chain(PATIENT, a, b, server());
    assertEquals("a>b>c", client.name());
  }

  private FakeChatCompletionsServer server() {
    FakeChatCompletionsServer server = FakeChatCompletionsServer.start();
    servers.add(server);
    return server;
  }

  private void chain(BreakerSettings settings, FakeChatCompletionsServer... fakes) {
    breakers = new DependencyBreakers(Adapter.toClassic(testKit.system()).scheduler(), settings, registry);
    List<LlmClient> providers = new ArrayList<>();
    for (int i = 0; i < fakes.length; i++) {
      String name = String.valueOf((char) ('a' + i));
      providers.add(new OpenAiCompatibleClient(
          new LlmEndpoint(name, fakes[i].baseUrl(), "model-" + name, Optional.empty()), CLIENT));
    }
    client = new FailoverLlmClient(providers, breakers, registry, Tracing.off());
  }

  private static LlmRequest request(String text) {
    return new LlmRequest(List.of(PromptMessage.user(text)), 64, 0.3);
  }

  /** The deltas the listener saw, live, and how the call ended. */
  private record Result(List<String> deltas, LlmAnswer answer, LlmException failure) {
    public LlmAnswer answer() {
      if (answer == null) throw new AssertionError("expected an answer, got " + failure, failure);
      return answer;
    }

    public LlmException failure() {
      if (failure == null) throw new AssertionError("expected a failure, got " + answer);
      return failure;
    }
  }

  private Result ask(String text) {
    List<String> deltas = new CopyOnWriteArrayList<>();
    LlmCall call = client.stream(request(text), deltas::add);
    try {
      return new Result(deltas, call.result().toCompletableFuture().get(10, TimeUnit.SECONDS), null);
    } catch (Exception e) {
      return new Result(deltas, null, assertInstanceOf(LlmException.class, e.getCause()));
    }
  }

  private static Throwable assertFailed(LlmCall call) {
    CompletableFuture<LlmAnswer> result = call.result().toCompletableFuture();
    CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
        () -> result.orTimeout(5, TimeUnit.SECONDS).join());
    return e.getCause();
  }

  private double sample(String name, String label, String value) {
    Double sample = MetricSamples.value(registry, name, new String[] {label}, new String[] {value});
    return sample == null ? Double.NaN : sample;
  }

  private double failovers(String provider, String reason) {
    Double sample = MetricSamples.value(registry, "parley_llm_failovers_total", new String[] {"provider", "reason"},
        new String[] {provider, reason});
    return sample == null ? 0.0 : sample;
  }

  private double transitions(String dependency, String state) {
    Double sample = MetricSamples.value(registry, "parley_circuit_breaker_transitions_total",
        new String[] {"dependency", "state"}, new String[] {dependency, state});
    return sample == null ? 0.0 : sample;
  }

  /** Breakers count a call's outcome as it completes, possibly just after the caller sees it. */
  /**
   * The breaker changes state on the thread of the call that changed it, and its listeners update
   * the metrics right after: wait for the gauge too, which the listener sets last.
   */
  private void awaitState(String dependency, State state) {
    await(dependency + "'s breaker and gauge " + state).atMost(Duration.ofSeconds(5))
        .until(() -> breakers.state(dependency) == state
            && sample("parley_circuit_breaker_state", "dependency", dependency) == state.gaugeValue());
  }
}
