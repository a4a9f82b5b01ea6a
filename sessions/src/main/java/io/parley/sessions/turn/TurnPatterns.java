package io.parley.sessions.turn;

import io.parley.core.privacy.PatternDeadline;
import io.parley.core.privacy.Placeholders;
import io.parley.core.privacy.TenantPattern;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.procedure.TenantLogic;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a turn's work that runs its tenant's own redaction patterns is done: on the tenant-logic
 * pool ({@link TenantLogic}), one task per step that needs them (the prompt assembled and the cache's
 * check of the question; a tool round's results; the check of an answer to keep), the result handed
 * back to the runner as a message, never on the runner's thread. Within a task the turn's
 * placeholders run the tenant's patterns until the budget's time; a pattern reached after it is
 * skipped on that text, counted ({@code parley_redaction_patterns_skipped_total}) and logged once
 * per task, and the built-in kinds are still redacted (docs/security.md#tenant-written-logic).
 */
final class TurnPatterns {
  private static final Logger LOG = LoggerFactory.getLogger(TurnPatterns.class);

  private final TenantLogic logic;
  private final TurnRequest request;
  private final SessionMetrics metrics;

  TurnPatterns(TenantLogic logic, TurnRequest request, SessionMetrics metrics) {
    this.logic = logic;
    this.request = request;
    this.metrics = metrics;
  }

  /**
   * {@code work} done on the pool for the turn's tenant, the turn's placeholders within the budget's
   * time while it runs; the runner must not touch what {@code work} changes until the result comes.
   */
  <T> CompletableFuture<T> run(Supplier<T> work) {
    String tenant = request.sessionId().tenant();
    return logic.pool().submit(tenant, () -> {
      Set<String> skipped = new TreeSet<>();
      Placeholders placeholders = request.placeholders();
      placeholders.within(logic.patternDeadline(pattern -> skipped(tenant, pattern, skipped)));
      try {
        return work.get();
      } finally {
        placeholders.within(PatternDeadline.none());
        if (!skipped.isEmpty()) {
          LOG.warn("tenant {} session {} turn {}: redaction patterns {} were skipped on some texts, past the {} budget;"
              + " the built-in kinds were redacted", tenant, request.sessionId().wireId(), request.turnId(), skipped,
              logic.budget().timeLimit());
        }
      }
    });
  }

  private void skipped(String tenant, TenantPattern pattern, Set<String> names) {
    metrics.redactionPatternSkipped(tenant);
    names.add(pattern.name());
  }
}
