package io.parley.sessions.evaluation;

import io.parley.core.evaluation.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run as its document holds it (docs/evaluations.md#runs): the configuration it tests, its
 * status and progress ({@code done} of {@code total}: its cases and the archived conversations it
 * replays, {@code replayTotal} of them), then each case's result and each replay's; once finished,
 * its {@code passRate} (cases that passed, of all its cases: an error is no pass; none without
 * cases) and the comparison with the latest finished run of the live version.
 */
public record RunReport(String runId, ConfigUnderTest config, String status, Instant startedAt,
    Optional<Instant> finishedAt, int total, int done, Optional<Double> passRate, Counts counts,
    Optional<Comparison> comparedWithLive, List<CaseResult> cases, int replayTotal, ReplayResult.Counts replayCounts,
    List<ReplayResult> replays) {
  public RunReport {
    finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
    passRate = passRate == null ? Optional.empty() : passRate;
    comparedWithLive = comparedWithLive == null ? Optional.empty() : comparedWithLive;
    cases = cases == null ? List.of() : List.copyOf(cases);
    replayCounts = replayCounts == null ? new ReplayResult.Counts(0, 0, 0, 0) : replayCounts;
    replays = replays == null ? List.of() : List.copyOf(replays);
  }

  /** How many cases passed, failed and could not be told. */
  public record Counts(int pass, int fail, int error) {
    static Counts of(List<CaseResult> cases) {
      return new Counts((int) cases.stream().filter(c -> c.verdict() == Verdict.PASS).count(),
          (int) cases.stream().filter(c -> c.verdict() == Verdict.FAIL).count(),
          (int) cases.stream().filter(c -> c.verdict() == Verdict.ERROR).count());
    }
  }

  /**
   * This run against the live version's latest finished run: the difference of their pass rates
   * (this one's less the live one's), the cases that pass there but not here ({@code regressions}),
   * and those that pass here but not there ({@code improvements}).
   */
  public record Comparison(String runId, int version, double passRate, double difference, List<String> regressions,
      List<String> improvements) {
    public static Comparison of(RunReport run, RunReport live) {
      List<String> passedLive = live.cases().stream().filter(CaseResult::passed).map(CaseResult::caseId).toList();
      List<String> passedHere = run.cases().stream().filter(CaseResult::passed).map(CaseResult::caseId).toList();
      List<String> ranHere = run.cases().stream().map(CaseResult::caseId).toList();
      List<String> ranLive = live.cases().stream().map(CaseResult::caseId).toList();
      double livePassRate = live.passRate().orElse(0.0);
      return new Comparison(live.runId(), live.config().version(), livePassRate,
          run.passRate().orElse(0.0) - livePassRate,
          passedLive.stream().filter(id -> ranHere.contains(id) && !passedHere.contains(id)).toList(),
          passedHere.stream().filter(id -> ranLive.contains(id) && !passedLive.contains(id)).toList());
    }
  }

  static RunReport started(String runId, ConfigUnderTest config, Instant at, int cases, int replays) {
    return new RunReport(runId, config, "running", at, Optional.empty(), cases + replays, 0, Optional.empty(),
        new Counts(0, 0, 0), Optional.empty(), List.of(), replays, null, List.of());
  }

  RunReport with(List<CaseResult> results, List<ReplayResult> replayed) {
    return new RunReport(runId, config, status, startedAt, finishedAt, total, results.size() + replayed.size(), passRate,
        Counts.of(results), comparedWithLive, results, replayTotal, ReplayResult.Counts.of(replayed), replayed);
  }

  /** The same run with {@code status}, as its row says (a run may have been marked interrupted meanwhile). */
  RunReport withStatus(String newStatus, Optional<Instant> at) {
    return new RunReport(runId, config, newStatus, startedAt, at, total, done, passRate, counts, comparedWithLive, cases,
        replayTotal, replayCounts, replays);
  }

  RunReport finished(Instant at, Optional<RunReport> live) {
    int caseTotal = total - replayTotal;
    Optional<Double> rate = caseTotal == 0 ? Optional.empty() : Optional.of((double) counts.pass() / caseTotal);
    RunReport finished = new RunReport(runId, config, "finished", startedAt, Optional.of(at), total, done, rate, counts,
        Optional.empty(), cases, replayTotal, replayCounts, replays);
    return new RunReport(runId, config, "finished", startedAt, Optional.of(at), total, done, rate, counts,
        live.filter(l -> !l.runId().equals(runId) && caseTotal > 0).map(l -> Comparison.of(finished, l)), cases,
        replayTotal, replayCounts, replays);
  }

  /** The cases that did not pass, by name, for a refusal. */
  public List<String> notPassed() {
    return cases.stream().filter(c -> !c.passed()).map(c -> c.name() + " (" + c.verdict().wireName() + ")").toList();
  }
}
