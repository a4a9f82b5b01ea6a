package io.parley.sessions.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.retry.Backoff;
import io.parley.core.testing.ClassResource;
import io.parley.core.testing.MetricSamples;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.admission.TenantTokenBudget.RecordUsage;
import io.parley.sessions.admission.TenantTokenBudget.Standing;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A session's usage reports: retried until the tenant's budget records them, each standing passed on. */
class TenantUsageReportsTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.0);
  private static final Instant ANSWERED = Instant.parse("2026-11-24T10:00:00Z");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final TestProbe<TenantTokenBudget.Command> budget = testKit.createTestProbe();
  private final TestProbe<Standing> standings = testKit.createTestProbe();

  private ActorRef<TenantUsageReports.Command> reports() {
    TenantBudgetSettings settings = new TenantBudgetSettings(0, Map.of("acme", 1_000L), Duration.ZERO, Duration.ofSeconds(1));
    return testKit.spawn(TenantUsageReports.create("acme", new TenantBudgets(settings, tenant -> budget.getRef()), QUICK,
        new SessionMetrics(registry), standings.getRef()));
  }

  @Test
  void aReportTheBudgetDoesNotAcknowledgeIsSentAgainUntilItIs() {
    ActorRef<TenantUsageReports.Command> reports = reports();
    reports.tell(new TenantUsageReports.AnswerUsed("s-1/turn-1", 42, ANSWERED, TenantTokenBudget.CONVERSATIONS, true));

    RecordUsage first = budget.expectMessageClass(RecordUsage.class);
    RecordUsage second = budget.expectMessageClass(RecordUsage.class, Duration.ofSeconds(3));
    assertEquals(first.turnKey(), second.turnKey(), "the same turn, so the budget counts it once");
    assertEquals(42, second.tokens());
    standings.expectNoMessage(Duration.ZERO);

    Standing told = new Standing(142, 1_000, ANSWERED.plus(Duration.ofHours(14)));
    second.replyTo().tell(told);
    assertEquals(told, standings.receiveMessage());
    budget.expectNoMessage(Duration.ofMillis(500));
    assertEquals(42.0, MetricSamples.value(registry, "parley_tenant_tokens_total", new String[] {"tenant"}, new String[] {"acme"}),
        "counted once on the node however often it is sent");
  }

  @Test
  void usageOfATenantWithoutALimitIsCountedButNotSent() {
    ActorRef<TenantUsageReports.Command> reports = reports();
    reports.tell(new TenantUsageReports.AnswerUsed("s-2/turn-1", 7, ANSWERED, TenantTokenBudget.CONVERSATIONS, false));
    budget.expectNoMessage(Duration.ofMillis(300));
    assertEquals(7.0, MetricSamples.value(registry, "parley_tenant_tokens_total", new String[] {"tenant"}, new String[] {"acme"}));
  }
}
