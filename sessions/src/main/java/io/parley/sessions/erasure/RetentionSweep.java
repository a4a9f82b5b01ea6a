package io.parley.sessions.erasure;

import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditLog;
import io.parley.core.audit.AuditResult;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.RetentionPolicy;
import io.parley.core.session.SessionId;
import io.parley.sessions.SingleNodeSchedule;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.DispatcherSelector;
import scala.concurrent.ExecutionContextExecutor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases the sessions past their tenant's retention, as a user's erasure would, on one node of the
 * cluster at each check interval ({@link SingleNodeSchedule}), so that a cluster sweeps, erases and
 * audits each session once. A sweep that fails is logged and the next one finds what is left; one
 * cut short by its node's crash is finished by the next node's, erasure being idempotent. Sweeps
 * never overlap: the next begins a check interval after one ends. Each tenant's audit log records
 * what a sweep erased, as actor {@value #ACTOR}. The leads of a finished or stopped campaign go at
 * the same retention, counted from their last call.
 */
public record RetentionSweep(RetentionSettings settings, Supplier<Map<String, Integer>> apiTenantDays,
    DataKeyStore keys, UserErasure erasure, AuditLog audit, Clock clock) {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
  private static final int SESSIONS_PER_BATCH = 100;
  static final String ACTOR = "retention";

  /**
   * Starts this node's side of the cluster's sweeping. {@code apiTenantDays}: the {@code retentionDays} of the tenants
   * created through the API, asked at each sweep, since they change at run time; a sweep while
   * every tenant keeps its sessions for ever reads nothing.
   */
  public static void start(ActorSystem<?> system, RetentionSettings settings, Supplier<Map<String, Integer>> apiTenantDays,
      DataKeyStore keys, UserErasure erasure, AuditLog audit, Clock clock) {
    RetentionSweep sweep = new RetentionSweep(settings, apiTenantDays, keys, erasure, audit, clock);
    // On the blocking dispatcher: a sweep reads the database and waits for the erasures it starts.
    ExecutionContextExecutor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    SingleNodeSchedule.start(system, "retention-sweep", settings.checkInterval(), blocking, sweep::sweepOnce);
  }

  private void sweepOnce() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("Retention sweep failed; the next one tries again", e);
    }
  }

  /** Erases every session past its tenant's retention now; blocks until done. */
  void sweep() {
    Instant now = clock.instant();
    RetentionPolicy policy = settings.policy().withTenantDays(apiTenantDays.get());
    if (policy.keepsForever()) return;
    for (String tenant : keys.tenants()) {
      Optional<Instant> cutoff = policy.cutoff(tenant, now);
      if (cutoff.isEmpty()) continue;
      List<SessionId> old = keys.sessionsStartedBefore(tenant, cutoff.get());
      for (int from = 0; from < old.size(); from += SESSIONS_PER_BATCH) {
        List<SessionId> batch = old.subList(from, Math.min(old.size(), from + SESSIONS_PER_BATCH));
        erasure.eraseSessions(tenant, batch).toCompletableFuture().join();
      }
      if (!old.isEmpty()) {
        audit.append(new AuditEntry(tenant, clock.instant(), ACTOR, Set.of(), "retention.erase",
            old.size() + " sessions started before " + cutoff.get(), AuditResult.OK, "-", Optional.empty()));
      }
    }
    sweepLeads(policy, now);
  }

  /** The leads of ended campaigns go with the conversations, at the tenant's retention. */
  private void sweepLeads(RetentionPolicy policy, Instant now) {
    for (String tenant : erasure.leads().tenantsWithEndedCampaigns()) {
      Optional<Instant> cutoff = policy.cutoff(tenant, now);
      if (cutoff.isEmpty()) continue;
      int erased = erasure.leads().eraseEndedBefore(tenant, cutoff.get());
      if (erased > 0) {
        audit.append(new AuditEntry(tenant, clock.instant(), ACTOR, Set.of(), "retention.erase",
            erased + " campaign leads of ended campaigns, last called before " + cutoff.get(), AuditResult.OK, "-",
            Optional.empty()));
      }
    }
  }
}
