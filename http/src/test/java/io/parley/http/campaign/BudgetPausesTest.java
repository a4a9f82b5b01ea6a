package io.parley.http.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.campaign.CallingWindow;
import io.parley.core.campaign.CampaignStatus;
import io.parley.core.campaign.Pacing;
import io.parley.core.campaign.PauseReason;
import io.parley.core.campaign.RetryPolicy;
import io.parley.core.campaign.VoicemailText;
import io.parley.core.cost.Spend;
import io.parley.core.cost.TenantSpend;
import io.parley.http.testing.AuditedInMemory;
import io.parley.persistence.Dialect;
import io.parley.persistence.campaigns.CampaignRow;
import io.parley.persistence.campaigns.JdbcCampaigns;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The poll that runs again the campaigns the budget paused reaches every one of them: a tenant that
 * may spend again has its campaigns resumed at once, however many campaigns or tenants still may
 * not, and each poll asks a bounded number of tenants' standings; on H2 and PostgreSQL.
 */
class BudgetPausesTest {
  private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void aTenantThatMaySpendAgainIsResumedAtTheFirstPollBehindMoreCampaignsThanAPageThatMayNot(Dialect dialect) {
    JdbcCampaigns campaigns = new JdbcCampaigns(databases.open(dialect).dataSource());
    // Older than the one that may run again, and more than the poll once looked at.
    IntStream.range(0, 150).forEach(n -> campaigns.add(pausedForBudget("acme", "c" + n, T0.plusSeconds(n))));
    campaigns.add(pausedForBudget("globex", "c1", T0.plus(Duration.ofHours(1))));
    Standings spend = new Standings(Set.of("acme"), Set.of());
    AuditedInMemory audit = new AuditedInMemory();

    new BudgetPauses(campaigns, spend, audit, Clock.fixed(T0, ZoneOffset.UTC)).resumeAffordable();

    assertEquals(CampaignStatus.RUNNING, campaigns.find("globex", "c1").orElseThrow().status());
    assertEquals(150, campaigns.pausedForBudget("acme", 200).size(), "the spent tenant's stay paused");
    assertEquals(List.of("acme", "globex"), spend.asked, "each tenant asked once");
    assertEquals(List.of("globex campaigns.resume /v1/campaigns/c1/resume"), audit.entries.stream()
        .map(entry -> entry.tenant() + " " + entry.action() + " " + entry.resource()).toList());
  }

  @OnEachDialect
  void withMoreTenantsThanAPollAsksTheNextPollGoesOnAfterTheLastAskedAndAFailingStandingHoldsNoneBack(
      Dialect dialect) {
    JdbcCampaigns campaigns = new JdbcCampaigns(databases.open(dialect).dataSource());
    List<String> spent = IntStream.range(0, BudgetPauses.TENANTS_PER_POLL).mapToObj(n -> "t%03d".formatted(n)).toList();
    spent.forEach(tenant -> campaigns.add(pausedForBudget(tenant, "c1", T0)));
    campaigns.add(pausedForBudget("broken", "c1", T0));
    campaigns.add(pausedForBudget("zeta", "c1", T0));
    Standings spend = new Standings(Set.copyOf(spent), Set.of("broken"));
    BudgetPauses pauses = new BudgetPauses(campaigns, spend, new AuditedInMemory(), Clock.fixed(T0, ZoneOffset.UTC));

    pauses.resumeAffordable();
    assertEquals(BudgetPauses.TENANTS_PER_POLL, spend.asked.size(), "a poll asks a page of tenants");
    assertEquals(CampaignStatus.PAUSED, campaigns.find("zeta", "c1").orElseThrow().status(), "past the first page");

    spend.asked.clear();
    pauses.resumeAffordable();
    assertEquals(List.of("t099", "zeta"), spend.asked, "the tenants after the last one asked");
    assertEquals(CampaignStatus.RUNNING, campaigns.find("zeta", "c1").orElseThrow().status());

    spend.asked.clear();
    pauses.resumeAffordable();
    assertEquals("broken", spend.asked.getFirst(), "the round over, the next starts from the first");
    assertTrue(spend.asked.contains("t000"), "the failed standing held none back: " + spend.asked);
    assertEquals(Optional.of(PauseReason.BUDGET), campaigns.find("broken", "c1").orElseThrow().pausedFor());
  }

  private static CampaignRow pausedForBudget(String tenant, String id, Instant createdAt) {
    return new CampaignRow(tenant, id, "Spring follow-up", CampaignStatus.PAUSED, Optional.empty(), Optional.empty(),
        Optional.empty(), CallingWindow.WORKING_DAYS, new Pacing(1, 60), new RetryPolicy(1, Duration.ZERO, 1), createdAt,
        VoicemailText.none(), Optional.of(PauseReason.BUDGET));
  }

  /** Tenants' standings as the test sets them, each ask recorded; a failing tenant's sum fails. */
  private static final class Standings implements TenantSpend {
    private final Set<String> spent;
    private final Set<String> failing;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    Standings(Set<String> spent, Set<String> failing) {
      this.spent = spent;
      this.failing = failing;
    }

    @Override
    public void spent(String tenant, String conversation, String key, Spend spend) {
      throw new UnsupportedOperationException("the poll only asks");
    }

    @Override
    public boolean exhausted(String tenant) {
      throw new UnsupportedOperationException("the poll asks now");
    }

    @Override
    public CompletionStage<Boolean> exhaustedNow(String tenant) {
      asked.add(tenant);
      return failing.contains(tenant) ? CompletableFuture.failedFuture(new IllegalStateException("spend not summed"))
          : CompletableFuture.completedFuture(spent.contains(tenant));
    }
  }
}
