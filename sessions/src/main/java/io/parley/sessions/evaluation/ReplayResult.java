package io.parley.sessions.evaluation;

import io.parley.core.evaluation.ReplayedTurn;
import java.util.List;
import java.util.Optional;

/**
 * One archived conversation of a run's replay (docs/evaluations.md#replay): the archived session,
 * the judge's verdict and its reason, or {@code error} with why it could not be told; each customer
 * message with the live answer and the new one (redacted); the session the replay ran as, the
 * tokens its turns used ({@code tokens}) and the judge's ({@code evaluationTokens}), and how long
 * it took.
 */
record ReplayResult(String archivedSessionId, ReplayVerdict verdict, Optional<String> reason,
    Optional<String> error, List<ReplayedTurn> turns, Optional<String> sessionId, long tokens, long evaluationTokens,
    long millis) {
  public ReplayResult {
    reason = reason == null ? Optional.empty() : reason;
    error = error == null ? Optional.empty() : error;
    sessionId = sessionId == null ? Optional.empty() : sessionId;
    turns = turns == null ? List.of() : List.copyOf(turns);
  }

  /** How many replayed conversations got each verdict. */
  public record Counts(int better, int asGood, int worse, int error) {
    static Counts of(List<ReplayResult> replays) {
      return new Counts(count(replays, ReplayVerdict.BETTER), count(replays, ReplayVerdict.AS_GOOD),
          count(replays, ReplayVerdict.WORSE), count(replays, ReplayVerdict.ERROR));
    }

    private static int count(List<ReplayResult> replays, ReplayVerdict verdict) {
      return (int) replays.stream().filter(r -> r.verdict() == verdict).count();
    }
  }
}
