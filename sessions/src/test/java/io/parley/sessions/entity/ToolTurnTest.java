package io.parley.sessions.entity;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.prompt.DataFence;
import io.parley.core.retry.Backoff;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.core.testing.MetricSamples;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.turn.Answering;
import io.parley.tools.TenantTools;
import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolRegistry;
import io.parley.tools.ToolResult;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tool loop of a turn against the in-test model server: streamed tool calls run in parallel
 * in their own children, failures become results the model reads, and a crash mid-call neither
 * loses a finished call nor repeats a non-idempotent one.
 */
class ToolTurnTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();

  /** A tool of the test's own: records every invocation; {@code behaviour} decides each attempt. */
  private record RecordingTool(ToolDefinition definition, Function<ToolInvocation, ToolResult> behaviour,
      List<ToolInvocation> invocations) implements Tool {
    RecordingTool(String name, boolean idempotent, Duration timeout, Function<ToolInvocation, ToolResult> behaviour) {
      this(new ToolDefinition(name, "test tool " + name, oneRequiredString("q"), timeout, 3,
          new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.2), idempotent),
          behaviour, new CopyOnWriteArrayList<>());
    }

    private static JsonNode oneRequiredString(String property) {
      ObjectNode schema = JSON.createObjectNode().put("type", "object");
      schema.set("properties", JSON.createObjectNode().set(property, JSON.createObjectNode().put("type", "string")));
      schema.putArray("required").add(property);
      return schema;
    }

    @Override
    public ToolResult run(ToolInvocation invocation) {
      invocations.add(invocation);
      return behaviour.apply(invocation);
    }
  }

  private static Double rejectedCalls(PrometheusRegistry registry, String tool) {
    return MetricSamples.value(registry, "parley_tool_call_seconds_count", new String[] {"tool", "outcome"},
        new String[] {tool, "rejected"});
  }

  private EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> session(
      FakeChatCompletionsServer model, Tool... tools) {
    return session(model, new SessionMetrics(new PrometheusRegistry()), tools);
  }

  private EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> session(
      FakeChatCompletionsServer model, SessionMetrics metrics, Tool... tools) {
    SessionServices base = TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings());
    Answering a = base.answering();
    SessionServices services = new SessionServices(new Answering(a.llm(), a.prompts(), a.offline(), a.memory(),
        a.answerCache(), TenantTools.nodeOnly(ToolRegistry.of(tools)), a.settings(), metrics, a.tracing(), a.clock()),
        base.archive(), base.budgets(), base.tenantMessages(), base.botConfigs(), base.leads(), base.unstaffedTickets(), base.languages(), base.gaps(), base.logic(), base.costs());
    var kit = EventSourcedBehaviorTestKit.<SessionCommand, SessionEvent, SessionState>create(testKit.system(),
        ChatSession.create(SessionId.random("acme"), shard.getRef(), services));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    return kit;
  }

  private static ChatMessage ask(EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> kit,
      String text) {
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("c-" + text.hashCode(), text, replyTo));
    var answer = kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));
    return Replies.value(answer.reply()).message();
  }

  @Test
  void parallelToolCallsRunAndTheModelAnswersFromTheirResults() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    RecordingTool lookup = new RecordingTool("lookup", true, Duration.ofSeconds(5), invocation -> {
      bothStarted.countDown();
      try {
        // Returns only once both calls are running: proves they run side by side.
        if (!bothStarted.await(3, TimeUnit.SECONDS)) throw new ToolFailure("calls did not run in parallel", false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ToolResult("{\"answer\":\"" + invocation.arguments().get("q").asText() + "-found\"}", "found");
    });
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.toolCalls(new ToolCall("call-a", "lookup", "{\"q\":\"alpha\"}"),
          new ToolCall("call-b", "lookup", "{\"q\":\"beta\"}")).interleaved());
      var kit = session(model, lookup);
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      kit.runCommand(new SessionCommand.Subscribe(0, client.getRef(), Optional.empty()));

      ChatMessage answer = ask(kit, "Look up alpha and beta");
      assertEquals("You said: Look up alpha and beta", answer.text());
      assertEquals(2, lookup.invocations().size());
      assertEquals(Optional.of(DataFence.fence("lookup", "{\"answer\":\"alpha-found\"}")), model.lastRequest().toolResult("call-a"));
      assertEquals(Optional.of(DataFence.fence("lookup", "{\"answer\":\"beta-found\"}")), model.lastRequest().toolResult("call-b"));
      assertEquals(List.of("lookup"), model.requests().get(0).toolNames(), "the registry's tools are offered");
      // Everything the client heard up to the answer: how many pieces the answer came in depends on their pace.
      List<String> statuses = client.fishForMessage(Duration.ofSeconds(5), update ->
              update instanceof SessionUpdate.MessageAdded added && added.message().role() == Role.ASSISTANT
                  ? FishingOutcomes.complete() : FishingOutcomes.continueAndCollect()).stream()
          .filter(SessionUpdate.ToolActivity.class::isInstance).map(u -> ((SessionUpdate.ToolActivity) u).status())
          .toList();
      assertEquals(List.of("started", "started", "succeeded", "succeeded"), statuses);
      assertTrue(((SessionState.Open) kit.getState()).toolRoundsOf("turn-1").isEmpty(), "an answered turn drops its rounds");
    }
  }

  @Test
  void everyModelCallOfATurnCountsTowardsItsBudgetNotOnlyTheLast() {
    RecordingTool lookup = new RecordingTool("lookup", true, Duration.ofSeconds(5),
        invocation -> new ToolResult("{\"answer\":\"found\"}", "found"));
    PrometheusRegistry registry = new PrometheusRegistry();
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.toolCalls(new ToolCall("call-a", "lookup", "{\"q\":\"alpha\"}")));
      var kit = session(model, new SessionMetrics(registry), lookup);
      ask(kit, "Look up alpha");

      assertEquals(2, model.requests().size(), "a tool round, then the answer");
      ConversationNotes.TokenTotals counted = ((SessionState.Open) kit.getState()).notes().usage();
      assertTrue(reported(registry, "prompt") > 0);
      assertEquals(reported(registry, "prompt"), counted.promptTokens(), "what the model server reported, every round");
      assertEquals(reported(registry, "completion"), counted.completionTokens());
    }
  }

  @Test
  void theAnswersPiecesCountTheToolRoundsTimeAsWaitedNotAsTheNodesOwn() {
    Duration toolTime = Duration.ofMillis(300);
    RecordingTool slow = new RecordingTool("slow", true, Duration.ofSeconds(5), invocation -> {
      try {
        Thread.sleep(toolTime.toMillis()); // the tool's own time, which the answer's pieces must count
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ToolResult("{\"answer\":\"found\"}", "found");
    });
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.toolCalls(new ToolCall("call-a", "slow", "{\"q\":\"alpha\"}")));
      var kit = session(model, slow);
      TestProbe<SessionUpdate> client = testKit.createTestProbe();
      kit.runCommand(new SessionCommand.Subscribe(0, client.getRef(), Optional.empty()));
      ask(kit, "Look up alpha slowly");

      List<SessionUpdate.Delta> pieces = client.fishForMessage(Duration.ofSeconds(5), update ->
              update instanceof SessionUpdate.Delta ? FishingOutcomes.continueAndCollect()
                  : update instanceof SessionUpdate.MessageAdded added && added.message().role() == Role.ASSISTANT
                      ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore())
          .stream().filter(SessionUpdate.Delta.class::isInstance).map(SessionUpdate.Delta.class::cast).toList();
      assertFalse(pieces.isEmpty());
      assertTrue(pieces.get(pieces.size() - 1).waitedNanos() >= toolTime.toNanos(),
          "the tool round's time is a wait of the turn: " + pieces.get(pieces.size() - 1).waitedNanos() + " ns");
    }
  }

  /** Tokens the model server reported for the session's calls, all providers. */
  private static double reported(PrometheusRegistry registry, String kind) {
    return MetricSamples.sum(registry, "parley_llm_tokens_total", "kind", kind);
  }

  @Test
  void transientFailuresAreRetriedAndBadCallsComeBackToTheModelAsErrors() throws InterruptedException {
    AtomicInteger attempts = new AtomicInteger();
    RecordingTool flaky = new RecordingTool("flaky", true, Duration.ofSeconds(5), invocation -> {
      if (attempts.incrementAndGet() == 1) throw new ToolFailure("database busy", true);
      return new ToolResult("{\"ok\":true}", "ok");
    });
    RecordingTool hanging = new RecordingTool("hanging", true, Duration.ofMillis(100), invocation -> {
      try {
        Thread.sleep(2000); // hangs past its 100 ms timeout
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ToolResult("{}", "late");
    });
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.toolCalls(
          new ToolCall("c-flaky", "flaky", "{\"q\":\"x\"}"),
          new ToolCall("c-unknown", "teleport", "{}"),
          new ToolCall("c-bad", "flaky", "{\"query\":\"missing q\"}"),
          new ToolCall("c-hang", "hanging", "{\"q\":\"y\"}")));
      PrometheusRegistry registry = new PrometheusRegistry();
      var kit = session(model, new SessionMetrics(registry), flaky, hanging);
      ChatMessage answer = ask(kit, "Do several things");

      assertEquals("You said: Do several things", answer.text(), "the session keeps working");
      assertEquals(2, attempts.get(), "a transient failure is retried, then succeeds");
      assertEquals(Optional.of(DataFence.fence("flaky", "{\"ok\":true}")), model.lastRequest().toolResult("c-flaky"));
      assertTrue(model.lastRequest().toolResult("c-unknown").orElseThrow().contains("there is no tool named"));
      assertTrue(model.lastRequest().toolResult("c-bad").orElseThrow().contains("\"error\""));
      String hung = model.lastRequest().toolResult("c-hang").orElseThrow();
      assertTrue(hung.contains("did not answer within 100 ms"), hung);
      // An abandoned attempt may still be queued for a thread when the turn ends: it starts late, but it starts.
      await("the hanging tool's third attempt").atMost(Duration.ofSeconds(5))
          .until(() -> hanging.invocations().size() >= 3);
      assertEquals(3, hanging.invocations().size(), "a timeout is transient: retried up to the tool's attempts");
      assertEquals(1.0, rejectedCalls(registry, "unknown"), "a made-up tool name is not a metric label");
      assertEquals(null, rejectedCalls(registry, "teleport"));
      assertEquals(1.0, rejectedCalls(registry, "flaky"), "invalid arguments for a known tool");
    }
  }

  @Test
  void aCrashMidCallNeitherLosesNorRepeatsIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Map<String, String> tickets = new ConcurrentHashMap<>();
    // Keyed on the idempotency key, like the real create_ticket: a re-run of the same call is harmless.
    RecordingTool keyed = new RecordingTool("create_ticket", false, Duration.ofSeconds(10), invocation -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String ticket = tickets.computeIfAbsent(invocation.idempotencyKey(), key -> "T-" + (1001 + tickets.size()));
      return new ToolResult("{\"ticket\":\"" + ticket + "\"}", "created " + ticket);
    });
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "create_ticket", "{\"q\":\"broken lamp\"}")));
      var kit = session(model, keyed);
      kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("c-1", "Please open a ticket", replyTo));
      awaitRounds(kit, 1);
      assertEquals(1, model.requestCount());

      kit.restart(); // the node dies while the call runs; the call is recorded, its result is not
      release.countDown();
      var answer = kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));
      Replies.value(answer.reply());

      assertEquals(1, tickets.size(), "the re-run call, same key, created no second ticket");
      assertFalse(keyed.invocations().isEmpty());
      assertEquals(1, keyed.invocations().stream().map(ToolInvocation::idempotencyKey).distinct().count(),
          "every run of the call used the same idempotency key");
      assertEquals(2, model.requestCount(), "the model was not asked again for the calls it had made");
      assertEquals(Optional.of(DataFence.fence("create_ticket", "{\"ticket\":\"T-1001\"}")), model.lastRequest().toolResult("call-1"));
    }
  }

  private static void awaitRounds(EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> kit,
      int rounds) {
    await(rounds + " tool rounds recorded").atMost(Duration.ofSeconds(10)).pollInSameThread().until(kit::getState,
        state -> state instanceof SessionState.Open open && open.toolRoundsOf("turn-1").size() == rounds);
  }
}
