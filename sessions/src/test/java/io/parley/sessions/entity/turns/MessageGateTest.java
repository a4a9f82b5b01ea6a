package io.parley.sessions.entity.turns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.session.Channel;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.core.testing.MetricSamples;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionServices;
import io.parley.sessions.admission.TenantBudgetSettings;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.admission.TenantTokenBudget.Standing;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.entity.ChatSession;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.TestSessionServices;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session's admission gate: one message at a time in order, the tenant's shared budget, failing open. */
class MessageGateTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private static final Duration ALWAYS_ASK = Duration.ZERO;

  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SessionMetrics metrics = new SessionMetrics(registry);

  private EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> session(
      String tenant, SessionServices base, TenantBudgets budgets) {
    SessionServices services = TestSessionServices.withBudgets(base, budgets, metrics);
    var kit = EventSourcedBehaviorTestKit.<SessionCommand, SessionEvent, SessionState>create(testKit.system(),
        ChatSession.create(SessionId.random(tenant), shard.getRef(), services));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    return kit;
  }

  private static TenantBudgetSettings limits(Map<String, Long> perTenant, Duration checkTimeout) {
    return new TenantBudgetSettings(0, perTenant, ALWAYS_ASK, checkTimeout);
  }

  private double metric(String name, String... labels) {
    String[] names = labels.length == 2 ? new String[] {"tenant", "reason"} : new String[] {"tenant"};
    return Optional.ofNullable(MetricSamples.value(registry, name, names, labels)).orElse(0.0);
  }

  @Test
  void messagesAreDecidedOneAtATimeInTheOrderTheyCame() {
    TestProbe<TenantTokenBudget.Command> budget = testKit.createTestProbe();
    var kit = session("acme", TestSessionServices.offline(),
        new TenantBudgets(limits(Map.of("acme", 1_000L), Duration.ofSeconds(10)), tenant -> budget.getRef()));
    TestProbe<StatusReply<SessionCommand.Accepted>> client = testKit.createTestProbe();
    for (int i = 1; i <= 3; i++) kit.runCommand(new SessionCommand.PostUserMessage("m-" + i, "question " + i, client.getRef()));

    long lastSeq = 0;
    for (int i = 1; i <= 3; i++) {
      TenantTokenBudget.Check check = budget.expectMessageClass(TenantTokenBudget.Check.class);
      budget.expectNoMessage(Duration.ofMillis(100));
      client.expectNoMessage(Duration.ZERO);
      check.replyTo().tell(new Standing(10, 1_000, Instant.now().plus(Duration.ofHours(1))));
      SessionCommand.Accepted accepted = Replies.value(client.receiveMessage());
      assertEquals(accepted.seq(), kit.getState().transcript().byClientMsgId("m-" + i).orElseThrow().seq());
      assertTrue(accepted.seq() > lastSeq, "m-" + i + " is stored after the messages sent before it");
      lastSeq = accepted.seq();
    }
  }

  @Test
  void sessionsOfATenantShareItsBudgetWhileOtherTenantsAreUnaffected() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      TenantBudgetSettings settings = limits(Map.of("acme", 20L, "globex", 20L), Duration.ofSeconds(3));
      Map<String, ActorRef<TenantTokenBudget.Command>> entities = Map.of(
          "acme", testKit.spawn(TenantTokenBudget.create("acme", settings, 100, Clock.systemUTC())),
          "globex", testKit.spawn(TenantTokenBudget.create("globex", settings, 100, Clock.systemUTC())));
      TenantBudgets budgets = new TenantBudgets(settings, entities::get);
      SessionServices withModel = TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings());

      var first = session("acme", withModel, budgets);
      first.<StatusReply<SessionCommand.Accepted>>runCommand(
          replyTo -> new SessionCommand.PostUserMessage("a-1", "Please tell me everything about shipping to Norway", replyTo));
      first.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));
      TestProbe<Standing> standing = testKit.createTestProbe();
      standing.awaitAssert(Duration.ofSeconds(5), () -> {
        entities.get("acme").tell(new TenantTokenBudget.Check(standing.getRef()));
        assertTrue(standing.receiveMessage().exhausted(), "the answer's usage reached the tenant's budget");
        return null;
      });

      var second = session("acme", withModel, budgets);
      var refused = second.<StatusReply<SessionCommand.Accepted>>runCommand(
          replyTo -> new SessionCommand.PostUserMessage("b-1", "And returns?", replyTo));
      Refusal refusal = Replies.refusal(refused.reply());
      assertEquals(ErrorCode.BUDGET_EXCEEDED, refusal.code());
      Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      long untilMidnight = Duration.between(Instant.now(), midnight).toMillis();
      long retryAfter = refusal.retryAfterMs().orElseThrow();
      assertTrue(retryAfter > 0 && retryAfter <= untilMidnight + 1_000, "retry at midnight UTC, got " + retryAfter);
      assertTrue(refused.hasNoEvents(), "a refused message is not stored");
      assertEquals(1, metric("parley_messages_refused_total", "acme", "budget_exceeded"));
      assertTrue(metric("parley_tenant_tokens_total", "acme") > 20);

      var otherTenant = session("globex", withModel, budgets);
      var admitted = otherTenant.<StatusReply<SessionCommand.Accepted>>runCommand(
          replyTo -> new SessionCommand.PostUserMessage("c-1", "And returns?", replyTo));
      Replies.value(admitted.reply());
    }
  }

  @Test
  void aBudgetThatDoesNotAnswerAdmitsTheMessage() {
    TestProbe<TenantTokenBudget.Command> silent = testKit.createTestProbe();
    var kit = session("acme", TestSessionServices.offline(),
        new TenantBudgets(limits(Map.of("acme", 1_000L), Duration.ofMillis(200)), tenant -> silent.getRef()));
    var result = kit.<StatusReply<SessionCommand.Accepted>>runCommand(
        replyTo -> new SessionCommand.PostUserMessage("m-1", "is anyone there?", replyTo));
    Replies.value(result.reply());
    silent.expectMessageClass(TenantTokenBudget.Check.class);
    assertEquals(1, metric("parley_tenant_budget_unavailable_total", "acme"));
  }

  @Test
  void aTenantWithoutALimitIsNeverAsked() {
    TestProbe<TenantTokenBudget.Command> budget = testKit.createTestProbe();
    var kit = session("acme", TestSessionServices.offline(),
        new TenantBudgets(limits(Map.of("globex", 10L), Duration.ofSeconds(1)), tenant -> budget.getRef()));
    var result = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("m-1", "hi", replyTo));
    Replies.value(result.reply());
    budget.expectNoMessage(Duration.ofMillis(100));
  }
}
