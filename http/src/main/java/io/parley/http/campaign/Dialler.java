package io.parley.http.campaign;

import io.parley.core.audit.AuditLog;
import io.parley.core.campaign.CampaignStatus;
import io.parley.core.cost.TenantSpend;
import io.parley.core.lease.LeasedWork;
import io.parley.persistence.campaigns.CampaignLeads;
import io.parley.persistence.campaigns.CampaignRow;
import io.parley.persistence.campaigns.JdbcCampaigns;
import io.parley.persistence.campaigns.LeadRow;
import io.parley.voice.phone.outbound.OutboundProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials running campaigns, one node per campaign in the cluster.
 *
 * <p><b>Who dials.</b> Every node looks for running campaigns no node holds every {@code pollEvery}
 * and claims one by its lease in the database ({@link JdbcCampaigns#claim}); the node that wins
 * dials it on a virtual thread, renewing the lease each round. No actor and no cluster singleton:
 * the database the leads live in is where the nodes agree, as for knowledge sources. A node that
 * cannot place calls ({@link LeadCalls#unableToCall}) claims none and gives back the one it holds,
 * so that its leads wait for a node that can rather than fail.
 *
 * <p><b>No lead called twice, none skipped.</b> Each round claims a due lead (pending to dialling,
 * under this node's live lease, off the do-not-call list: one statement, {@link CampaignLeads#claim})
 * before its INVITE is sent. A node that dies leaves its claimed leads dialling; the node that takes
 * the campaign over ends them {@code interrupted} ({@link CampaignLeads#interrupted}) rather than
 * dialling them again, since the callee may have answered; every lead not claimed is still pending
 * and is dialled by the successor (CampaignNodeKillTest kills a node process to show it).
 *
 * <p>Each round: answered leads whose conversation closed are settled, a campaign whose tenant's
 * budget in money is spent is paused for it ({@link BudgetPauses}, run again from the poll once the
 * budget allows), the campaign finishes when
 * every lead is done, and as many due leads as the pacing allows ({@code Pacing}) are called, a lead
 * outside its calling window ({@code CallingWindow}, in its own time zone) put off to its opening.
 */
public final class Dialler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dialler.class);
  private static final int CLAIMS_PER_POLL = 10;
  /** Due leads looked at a round beyond the calls allowed: those outside their window are put off, not dialled. */
  private static final int LOOK_AHEAD = 50;

  private final JdbcCampaigns campaigns;
  private final CampaignLeads leads;
  private final LeadCalls calls;
  private final BudgetPauses budget;
  private final CampaignSettings settings;
  private final CampaignMetrics metrics;
  private final Clock clock;
  private final String owner = UUID.randomUUID().toString();
  /** The campaigns this node dials. */
  private final LeasedWork<JdbcCampaigns.Claimable> dialling;

  Dialler(JdbcCampaigns campaigns, CampaignLeads leads, LeadCalls calls, TenantSpend spend, AuditLog audit,
      CampaignSettings settings, CampaignMetrics metrics, Clock clock) {
    this.campaigns = campaigns;
    this.leads = leads;
    this.calls = calls;
    this.budget = new BudgetPauses(campaigns, spend, audit, clock);
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.dialling = new LeasedWork<>(new LeasedWork.Schedule("campaigns to dial", "parley-campaigns", "parley-campaign-",
        settings.pollEvery(), settings.lease(), CLAIMS_PER_POLL, Duration.ofSeconds(5)), this::claimable,
        (candidate, now, until) -> campaigns.claim(candidate.tenant(), candidate.id(), owner, now, until)
            ? Optional.of(candidate) : Optional.empty(), clock, this::dial);
  }

  /**
   * The campaigns no node holds, after those the budget paused and now allows are running again;
   * none while this node cannot place calls.
   */
  private List<JdbcCampaigns.Claimable> claimable(Instant now, int limit) {
    if (calls.unableToCall().isPresent()) return List.of();
    try {
      budget.resumeAffordable();
    } catch (RuntimeException e) {
      LOG.warn("Looking for campaigns the budget paused that may run again failed; trying again in {}",
          settings.pollEvery(), e);
    }
    return campaigns.claimable(now, limit);
  }

  /** Starts looking for campaigns to dial, now and every {@code pollEvery}. */
  public Dialler start() {
    dialling.start();
    return this;
  }

  /** Looks for campaigns to dial at once (one just created or resumed). */
  void wake() {
    dialling.wake();
  }

  private void dial(JdbcCampaigns.Claimable held) {
    String tenant = held.tenant();
    String id = held.id();
    try {
      int left = leads.interrupted(tenant, id, owner, clock.instant());
      if (left > 0) {
        LOG.warn("Campaign {} of tenant {}: {} calls a stopped node had placed end interrupted, not dialled again",
            id, tenant, left);
        metrics.counted(tenant, "interrupted", left);
      }
      while (!Thread.currentThread().isInterrupted()) {
        Instant now = clock.instant();
        if (!campaigns.renew(tenant, id, owner, now.plus(settings.lease()))) break;
        Optional<CampaignRow> campaign = campaigns.find(tenant, id);
        if (campaign.isEmpty() || campaign.get().status() != CampaignStatus.RUNNING) break;
        leads.settle(tenant, id, now);
        if (campaigns.finishIfDone(tenant, id)) {
          LOG.info("Campaign {} of tenant {} finished: every lead has its outcome", id, tenant);
          return;
        }
        if (budget.pausedIfSpent(tenant, id)) break;
        Optional<String> unable = calls.unableToCall();
        if (unable.isPresent()) {
          LOG.warn("Campaign {} of tenant {} left to another node: {}", id, tenant, unable.get());
          break;
        }
        round(campaign.get(), now);
        Thread.sleep(Math.min(settings.pollEvery().toMillis(), 1000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("Dialling campaign {} of tenant {} failed; another round takes it up once its lease lapses", id, tenant,
          e);
    } finally {
      release(tenant, id);
    }
  }

  /** The lease given back (paused, stopped, finished, or this node closing): another node may claim it at once. */
  private void release(String tenant, String id) {
    try {
      campaigns.release(tenant, id, owner);
    } catch (RuntimeException e) {
      LOG.warn("Campaign {} of tenant {}: its lease could not be given back; it lapses in {}", id, tenant,
          settings.lease(), e);
    }
  }

  /** Calls as many due leads as the pacing allows now. */
  private void round(CampaignRow campaign, Instant now) {
    String tenant = campaign.tenant();
    int allowed = campaign.pacing().startsAllowed(leads.inFlight(tenant, campaign.id()),
        leads.startedSince(tenant, campaign.id(), now.minus(Duration.ofMinutes(1))));
    if (allowed == 0) return;
    List<LeadRow> due = leads.due(tenant, campaign.id(), now, allowed + LOOK_AHEAD);
    for (LeadRow lead : due) {
      if (allowed == 0) return;
      if (!campaign.window().isOpen(now, lead.timeZone())) {
        leads.postpone(tenant, campaign.id(), lead.seq(), campaign.window().nextOpen(now, lead.timeZone()));
        continue;
      }
      if (calls.unableToCall().isPresent()) return;
      String callId = calls.newId();
      switch (leads.claim(tenant, campaign.id(), lead.seq(), owner, callId, now)) {
        case CLAIMED -> {
          allowed--;
          call(campaign, lead, callId);
        }
        case ON_DO_NOT_CALL -> metrics.counted(tenant, "do_not_call", 1);
        case GONE -> { }
      }
    }
  }

  private void call(CampaignRow campaign, LeadRow lead, String callId) {
    int attempt = lead.attempts() + 1;
    Optional<String> notPlaced = calls.place(campaign, lead, callId, progress -> progressed(campaign, callId, attempt,
        progress));
    notPlaced.ifPresent(outcome -> {
      leads.ended(callId, outcome, Optional.empty(), Optional.empty(), clock.instant());
      metrics.counted(campaign.tenant(), outcome, 1);
    });
  }

  private void progressed(CampaignRow campaign, String callId, int attempt, OutboundProgress progress) {
    Instant now = clock.instant();
    switch (progress) {
      case OutboundProgress.Ringing ringing -> { }
      case OutboundProgress.Answered answered -> {
        leads.answered(callId, answered.session().wireId());
        metrics.counted(campaign.tenant(), "answered", 1);
      }
      case OutboundProgress.Voicemail voicemail -> {
        leads.ended(callId, "voicemail", Optional.empty(), campaign.retry().retryAt("voicemail", attempt, now), now);
        metrics.counted(campaign.tenant(), "voicemail", 1);
      }
      case OutboundProgress.Ended ended -> {
        String outcome = ended.outcome().wireName();
        leads.ended(callId, outcome, ended.sipStatus(), campaign.retry().retryAt(outcome, attempt, now), now);
        metrics.counted(campaign.tenant(), outcome, 1);
      }
    }
  }

  /** Stops dialling; the leases are given back, for another node to take the campaigns up at once. */
  @Override
  public void close() {
    dialling.close();
  }
}
