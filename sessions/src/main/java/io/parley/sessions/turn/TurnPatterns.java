package io.parley.sessions.turn;

import io.parley.core.privacy.PatternDeadline;
import io.parley.core.privacy.Placeholders;
import io.parley.core.privacy.TenantPattern;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.procedure.TenantLogic;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a turn's (or a summary's) work that runs its tenant's own redaction patterns is done: on
 * the tenant-logic pool ({@link TenantLogic}), one task per step that needs them (the prompt
 * assembled and the cache's check of the question; a tool round's results; the check of an answer
 * to keep; a summary's request), the result handed back to the actor as a message, never on its
 * thread. Within a task the placeholders run the tenant's patterns until the budget's time; a
 * pattern reached after it is skipped on that text, counted
 * ({@code parley_redaction_patterns_skipped_total}) and logged once per task, and the built-in kinds
 * are still redacted (docs/security.md#tenant-written-logic). {@code work} names the task in the
 * log ({@code "summary"}).
 */
public record TurnPatterns(TenantLogic logic, SessionId session, String work, Placeholders placeholders,
    SessionMetrics metrics) {
  private static final Logger LOG = LoggerFactory.getLogger(TurnPatterns.class);

  /** For {@code request}'s turn, redacting with its placeholders. */
  static TurnPatterns of(TenantLogic logic, TurnRequest request, SessionMetrics metrics) {
    return new TurnPatterns(logic, request.sessionId(), "turn " + request.turnId(), request.placeholders(), metrics);
  }

  /**
   * {@code task} done on the pool for the session's tenant, the placeholders within the budget's time
   * while it runs; the actor must not touch what {@code task} changes until the result comes.
   */
  <T> CompletableFuture<T> run(Supplier<T> task) {
    String tenant = session.tenant();
    return logic.pool().submit(tenant, () -> {
      Set<String> skipped = new TreeSet<>();
      placeholders.within(logic.patternDeadline(pattern -> skipped(tenant, pattern, skipped)));
      try {
        return task.get();
      } finally {
        placeholders.within(PatternDeadline.none());
        if (!skipped.isEmpty()) {
          LOG.warn("tenant {} session {} {}: redaction patterns {} were skipped on some texts, past the {} budget;"
              + " the built-in kinds were redacted", tenant, session.wireId(), work, skipped, logic.budget().timeLimit());
        }
      }
    });
  }

  private void skipped(String tenant, TenantPattern pattern, Set<String> names) {
    metrics.redactionPatternSkipped(tenant);
    names.add(pattern.name());
  }
}
