package io.parley.http.campaign;

import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditLog;
import io.parley.core.audit.AuditResult;
import io.parley.core.cost.TenantSpend;
import io.parley.persistence.campaigns.JdbcCampaigns;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns paused because their tenant's budget in money is spent, and run again once it allows
 * (docs/operations.md#budgets): a new period, or a raised budget published. The pause is kept in the
 * campaign's row ({@code paused_for = 'budget'}), so any node's dialler resumes it, after restarts
 * too; an admin's pause is never resumed here. Each pause and resume is in the tenant's audit log as
 * an admin's would be, by {@value #ACTOR}.
 */
final class BudgetPauses {
  static final String ACTOR = "budget";
  private static final Logger LOG = LoggerFactory.getLogger(BudgetPauses.class);
  /**
   * Tenants whose standing is asked a poll, each one read of the spend: with more tenants paused, the
   * next poll goes on after the last one asked, so every tenant is asked in turn.
   */
  static final int TENANTS_PER_POLL = 100;
  /** A tenant's campaigns resumed a poll: the oldest first, the rest when the tenant is asked again. */
  private static final int RESUMED_PER_TENANT = 100;

  private final JdbcCampaigns campaigns;
  private final TenantSpend spend;
  private final AuditLog audit;
  private final Clock clock;
  /** The last tenant the poll asked, "" to start from the first; read and written by the one polling thread. */
  private String askedUpTo = "";

  BudgetPauses(JdbcCampaigns campaigns, TenantSpend spend, AuditLog audit, Clock clock) {
    this.campaigns = campaigns;
    this.spend = spend;
    this.audit = audit;
    this.clock = clock;
  }

  /** Whether the campaign's tenant's budget is spent, asked now; a running campaign is then paused for it. */
  boolean pausedIfSpent(String tenant, String id) {
    if (!spend.exhaustedNow(tenant).toCompletableFuture().join()) return false;
    if (campaigns.pauseForBudget(tenant, id)) {
      LOG.info("Campaign {} of tenant {} paused: the tenant's budget is spent", id, tenant);
      audited(tenant, id, "pause", "the tenant's budget is spent");
    }
    return true;
  }

  /**
   * Runs again the campaigns the budget paused whose tenant may spend again, each tenant asked once,
   * however many campaigns the tenants that still may not spend hold.
   */
  void resumeAffordable() {
    List<String> tenants = campaigns.tenantsPausedForBudget(askedUpTo, TENANTS_PER_POLL);
    // A full page: the next poll asks the tenants after it; a short one ends the round, the next starts over.
    askedUpTo = tenants.size() < TENANTS_PER_POLL ? "" : tenants.getLast();
    for (String tenant : tenants) {
      try {
        resumeIfAffordable(tenant);
      } catch (RuntimeException e) {
        // One tenant whose standing or campaigns cannot be read must not hold back the tenants after it.
        LOG.warn("Resuming the campaigns of tenant {} the budget paused failed; it is asked again at its turn", tenant, e);
      }
    }
  }

  private void resumeIfAffordable(String tenant) {
    if (spend.exhaustedNow(tenant).toCompletableFuture().join()) return;
    for (String id : campaigns.pausedForBudget(tenant, RESUMED_PER_TENANT)) {
      // Conditional on the budget's pause: whichever node asks first resumes it, once.
      if (campaigns.resumeAfterBudget(tenant, id)) {
        LOG.info("Campaign {} of tenant {} resumed: the tenant's budget allows again", id, tenant);
        audited(tenant, id, "resume", "the tenant's budget allows again");
      }
    }
  }

  private void audited(String tenant, String id, String action, String why) {
    audit.append(new AuditEntry(tenant, clock.instant(), ACTOR, Set.of(), "campaigns." + action,
        "/v1/campaigns/" + id + "/" + action, AuditResult.OK, "-", Optional.of(why), Optional.empty()));
  }
}
