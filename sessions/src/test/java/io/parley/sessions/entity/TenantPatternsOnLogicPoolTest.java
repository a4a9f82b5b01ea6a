package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.BotConfigBuilder;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.RedactionPattern;
import io.parley.core.compute.CpuWork;
import io.parley.core.compute.LogicBudget;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import io.parley.core.session.Channel;
import io.parley.core.session.SessionId;
import io.parley.core.testing.MetricSamples;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionServices;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.procedure.TenantLogic;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant's own redaction patterns run on the tenant-logic pool, never on the session's or its
 * turn's threads: the pool's clock, read between patterns, sees only the pool's threads, and with
 * that clock past every deadline the tenant's pattern redacts nothing anywhere, while the built-in
 * kinds still are redacted and the skips counted.
 */
class TenantPatternsOnLogicPoolTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private static final BotConfig MEMBER_IDS = new BotConfigBuilder()
      .redactPatterns(List.of(new RedactionPattern("MEMBER_ID", "\\bM-\\d{6}\\b"))).build();

  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();

  @Test
  void theTenantsPatternsRedactEveryTurnOnThePoolsThreadsOnly() {
    Queue<String> threads = new ConcurrentLinkedQueue<>();
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start();
        CpuWork pool = CpuWork.start("parley-logic", 1)) {
      model.enqueue(Reply.answer("Noted, [MEMBER_ID_1]."), Reply.answer("Both noted."));
      var kit = session(model, new TenantLogic(pool, LogicBudget.DEFAULT, () -> {
        threads.add(Thread.currentThread().getName());
        return System.nanoTime();
      }), new PrometheusRegistry());

      assertEquals("Noted, M-104215.", ask(kit, "m-1", "My member number is M-104215."),
          "the customer reads their own value");
      ask(kit, "m-2", "And my partner's is M-204215, mail ada@example.com");

      assertEquals("My member number is [MEMBER_ID_1].", lastUserText(model.requests().get(0)));
      String second = history(model.requests().get(1));
      assertTrue(second.contains("My member number is [MEMBER_ID_1].")
          && second.contains("And my partner's is [MEMBER_ID_2], mail [EMAIL_1]"), second);
      assertFalse(second.contains("M-104215") || second.contains("M-204215"), second);
    }
    assertFalse(threads.isEmpty(), "the patterns ran within the pool's deadline");
    assertEquals(List.of("parley-logic-1"), threads.stream().distinct().toList(), "threads that ran the tenant's patterns");
  }

  @Test
  void pastTheDeadlineTheTenantsPatternIsSkippedCountedAndTheBuiltInKindsStillRedacted() {
    PrometheusRegistry registry = new PrometheusRegistry();
    long[] now = {0};
    // Each reading of the pool's clock is an hour after the last: every pattern is reached past its deadline.
    LongSupplier late = () -> now[0] += Duration.ofHours(1).toNanos();
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start();
        CpuWork pool = CpuWork.start("parley-logic", 1)) {
      model.enqueue(Reply.answer("Noted."));
      var kit = session(model, new TenantLogic(pool, LogicBudget.DEFAULT, late), registry);

      ask(kit, "m-1", "My member number is M-104215, mail ada@example.com");

      // Had any evaluation of the tenant's pattern run elsewhere, outside the pool's deadline, the number would be hidden.
      assertEquals("My member number is M-104215, mail [EMAIL_1]", lastUserText(model.requests().get(0)));
    }
    Double skipped = MetricSamples.value(registry, "parley_redaction_patterns_skipped_total", new String[] {"tenant"},
        new String[] {"acme"});
    assertTrue(skipped != null && skipped >= 1, "skips counted: " + skipped);
  }

  private EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> session(FakeChatCompletionsServer model,
      TenantLogic logic, PrometheusRegistry registry) {
    SessionServices base = TestSessionServices.withBudgets(
        TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()), TenantBudgets.unlimited(),
        new SessionMetrics(registry));
    BotConfigs configs = tenant -> CompletableFuture.completedFuture(Optional.of(new PinnedBotConfig(1, MEMBER_IDS)));
    SessionServices services = new SessionServices(base.answering(), base.archive(), base.budgets(),
        base.tenantMessages(), configs, base.leads(), base.unstaffedTickets(), base.languages(), base.gaps(), logic, base.costs());
    var kit = EventSourcedBehaviorTestKit.<SessionCommand, SessionEvent, SessionState>create(testKit.system(),
        ChatSession.create(SessionId.random("acme"), shard.getRef(), services));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    return kit;
  }

  /** Posts {@code text} and waits for its turn's answer, which it returns. */
  private static String ask(EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> kit, String id,
      String text) {
    String turnId = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo ->
        new SessionCommand.PostUserMessage(id, text, replyTo)).reply().getValue().turnId();
    return kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer(turnId, replyTo))
        .reply().getValue().message().text();
  }

  private static String lastUserText(RecordedRequest request) {
    return request.messages().stream().filter(m -> m.role().equals("user")).reduce((a, b) -> b).orElseThrow().content();
  }

  private static String history(RecordedRequest request) {
    return request.messages().stream().filter(m -> !m.role().equals("system"))
        .map(io.parley.core.llm.PromptMessage::content).collect(Collectors.joining("\n"));
  }
}
