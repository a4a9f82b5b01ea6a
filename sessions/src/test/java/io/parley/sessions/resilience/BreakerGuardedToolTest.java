package io.parley.sessions.resilience;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.ClassResource;
import io.parley.core.testing.LoopbackOutbound;
import io.parley.core.testing.MetricSamples;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.tools.ResultLimit;
import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import io.parley.tools.remote.RemoteToolList;
import io.parley.tools.remote.RemoteTools;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A remote tool behind its breaker, against a real HTTP server on loopback. */
class BreakerGuardedToolTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEPENDENCY = "tool:order_status";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private ScriptedHttpServer server;
  private DependencyBreakers breakers;
  private Tool tool;

  @BeforeEach
  void start() {
    server = ScriptedHttpServer.start(Response.json(503, "{\"message\":\"maintenance\"}"));
    // Two failures in a row open it; half a second later one trial call goes through.
    breakers = new DependencyBreakers(Adapter.toClassic(testKit.system()).scheduler(),
        new BreakerSettings(2, Duration.ofSeconds(60), Duration.ofMillis(500)), registry);
    tool = new BreakerGuardedTool(RemoteTools.connect(RemoteToolList.parse("[{\"name\":\"order_status\","
        + "\"description\":\"Where an order is\",\"url\":\"" + server.url("/status") + "\",\"timeoutMs\":2000,"
        + "\"parameters\":{\"type\":\"object\"}}]"), List.of(), LoopbackOutbound.http(), ResultLimit.standard()).get(0), breakers);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ToolInvocation invocation(String callId) {
    return new ToolInvocation("acme", "session-1", "turn-1", callId, JSON.createObjectNode());
  }

  private ToolFailure failure(String callId) {
    return assertThrows(ToolFailure.class, () -> tool.run(invocation(callId)));
  }

  private double gauge() {
    return MetricSamples.value(registry, "parley_circuit_breaker_state", new String[] {"dependency"}, new String[] {DEPENDENCY});
  }

  private void awaitState(DependencyBreakers.State wanted) {
    await("the breaker " + wanted).atMost(Duration.ofSeconds(10)).until(() -> breakers.state(DEPENDENCY) == wanted);
    assertEquals(wanted, breakers.state(DEPENDENCY));
  }

  @Test
  void opensAfterTheFailuresFailsFastWhileOpenAndClosesAfterTheResetTimeout() throws Exception {
    assertEquals(0.0, gauge(), "the breaker is on /metrics before the first call");
    assertTrue(failure("call-1").transientFailure());
    assertEquals(DependencyBreakers.State.CLOSED, breakers.state(DEPENDENCY));
    assertTrue(failure("call-2").transientFailure());
    assertEquals(DependencyBreakers.State.OPEN, breakers.state(DEPENDENCY));
    assertEquals(2.0, gauge());

    ToolFailure fast = failure("call-3");
    assertEquals(2, server.requestCount(), "an open breaker does not call the server");
    assertFalse(fast.transientFailure(), "retrying within the call would only fail fast again");
    assertInstanceOf(CircuitBreakerOpenException.class, fast.getCause());
    assertTrue(fast.getMessage().startsWith("order_status is unavailable right now: it failed several times in a row"),
        fast.getMessage());
    assertTrue(fast.getMessage().contains("not be called again for about a second, and nothing was done. Tell the"
        + " customer this cannot be done at the moment"), fast.getMessage());

    server.answerWith(Response.json(200, "{\"status\":\"shipped\"}"));
    awaitState(DependencyBreakers.State.HALF_OPEN);
    assertEquals("{\"status\":\"shipped\"}", tool.run(invocation("call-4")).content());
    assertEquals(DependencyBreakers.State.CLOSED, breakers.state(DEPENDENCY));
    assertEquals(0.0, gauge());
    assertEquals(3, server.requestCount());
    assertEquals(1.0, MetricSamples.value(registry, "parley_circuit_breaker_transitions_total",
        new String[] {"dependency", "state"}, new String[] {DEPENDENCY, "open"}));
  }

  @Test
  void aRefusalIsNotAFailureOfTheServerAndASuccessStartsTheCountAgain() {
    server.answerWith(Response.json(400, "{\"message\":\"order must look like A123\"}"));
    for (int call = 1; call <= 3; call++) {
      assertFalse(failure("call-" + call).transientFailure());
    }
    assertEquals(DependencyBreakers.State.CLOSED, breakers.state(DEPENDENCY), "the server answered: it is up");

    server.enqueue(Response.json(503, ""), Response.json(200, "{}"), Response.json(503, ""));
    failure("call-4");
    assertEquals("{}", tool.run(invocation("call-5")).content());
    failure("call-6");
    assertEquals(DependencyBreakers.State.CLOSED, breakers.state(DEPENDENCY), "not two failures in a row");
  }

  @Test
  void aToolSlowerThanItsTimeoutCountsAsATransientFailure() {
    Tool slow = new BreakerGuardedTool(new Tool() {
      @Override
      public ToolDefinition definition() {
        return new ToolDefinition("slow_lookup", "Takes its time", JSON.createObjectNode().put("type", "object"),
            Duration.ofMillis(100), 1, null, true);
      }

      @Override
      public ToolResult run(ToolInvocation invocation) {
        try {
          Thread.sleep(300); // past its own timeout, which a local tool does not enforce itself
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new ToolResult("{}", "done late");
      }
    }, breakers);

    ToolFailure late = assertThrows(ToolFailure.class, () -> slow.run(invocation("call-1")));
    assertTrue(late.transientFailure());
    assertInstanceOf(TimeoutException.class, late.getCause());
    assertEquals("slow_lookup did not answer within 100 ms", late.getMessage());
  }
}
