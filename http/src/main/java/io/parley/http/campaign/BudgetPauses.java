package io.parley.http.campaign;

import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditLog;
import io.parley.core.audit.AuditResult;
import io.parley.core.cost.TenantSpend;
import io.parley.persistence.campaigns.JdbcCampaigns;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  /** Paused campaigns looked at a poll: the oldest first, the rest at the next polls as these run. */
  private static final int LOOKED_AT = 100;

  private final JdbcCampaigns campaigns;
  private final TenantSpend spend;
  private final AuditLog audit;
  private final Clock clock;

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

  /** Runs again the campaigns the budget paused whose tenant may spend again, each tenant asked once. */
  void resumeAffordable() {
    Map<String, List<String>> byTenant = new LinkedHashMap<>();
    for (JdbcCampaigns.Claimable paused : campaigns.pausedForBudget(LOOKED_AT)) {
      byTenant.computeIfAbsent(paused.tenant(), tenant -> new ArrayList<>()).add(paused.id());
    }
    byTenant.forEach((tenant, ids) -> {
      if (spend.exhaustedNow(tenant).toCompletableFuture().join()) return;
      for (String id : ids) {
        // Conditional on the budget's pause: whichever node asks first resumes it, once.
        if (campaigns.resumeAfterBudget(tenant, id)) {
          LOG.info("Campaign {} of tenant {} resumed: the tenant's budget allows again", id, tenant);
          audited(tenant, id, "resume", "the tenant's budget allows again");
        }
      }
    });
  }

  private void audited(String tenant, String id, String action, String why) {
    audit.append(new AuditEntry(tenant, clock.instant(), ACTOR, Set.of(), "campaigns." + action,
        "/v1/campaigns/" + id + "/" + action, AuditResult.OK, "-", Optional.of(why), Optional.empty()));
  }
}
