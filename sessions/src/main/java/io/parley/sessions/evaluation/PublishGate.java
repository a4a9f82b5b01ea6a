package io.parley.sessions.evaluation;

import io.parley.core.bot.EvaluationGate;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.bot.TenantBotConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a draft from being published until its evaluation shows it is ready
 * (docs/evaluations.md#publish-gate), when the live version (or, before the first gate is live,
 * the draft itself) sets {@code evaluationGate}: the draft's latest finished run ran every case of
 * the tenant, passed at least {@code minPassRate} of them, and no case that passes in the live
 * version's latest finished run fails on the draft. Blocking.
 */
public final class PublishGate {
  private final EvaluationRuns runs;
  private final EvaluationCases cases;
  private final BotConfigs.Sharded configs;
  private final Duration askTimeout;

  public PublishGate(EvaluationRuns runs, EvaluationCases cases, BotConfigs.Sharded configs, Duration askTimeout) {
    this.runs = runs;
    this.cases = cases;
    this.configs = configs;
    this.askTimeout = askTimeout;
  }

  /** Why the tenant's draft may not be published; empty when it may (or when it has no draft to publish). */
  public Optional<String> refusal(String tenant) {
    var entity = configs.of(tenant);
    Optional<TenantBotConfig.Draft> draft = entity.ask(TenantBotConfig.GetDraft::new, askTimeout).toCompletableFuture()
        .join().draft();
    if (draft.isEmpty()) return Optional.empty();
    Optional<TenantBotConfig.Version> live = entity.ask(TenantBotConfig.GetCurrent::new, askTimeout).toCompletableFuture()
        .join().version();
    Optional<EvaluationGate> gate = live.flatMap(v -> v.config().evaluationGate())
        .or(() -> draft.get().config().evaluationGate());
    if (gate.isEmpty()) return Optional.empty();
    int number = draft.get().number();
    Optional<RunReport> run = runs.latestFinished(tenant, true, number);
    if (run.isEmpty()) {
      return Optional.of("the evaluation gate asks for a finished evaluation run of draft " + number
          + ": POST /v1/evaluations/runs {\"config\": \"draft\"}");
    }
    RunReport draftRun = run.get();
    List<String> ran = draftRun.cases().stream().map(CaseResult::caseId).toList();
    List<String> notRun = cases.list(tenant).stream().filter(c -> !ran.contains(c.caseId())).map(EvaluationCases.Saved::name)
        .toList();
    if (!notRun.isEmpty()) {
      return Optional.of("the latest evaluation run of draft " + number + " did not run every case; not run: "
          + String.join(", ", notRun));
    }
    double passRate = draftRun.passRate().orElse(0.0);
    if (passRate < gate.get().minPassRate()) {
      return Optional.of("draft " + number + " passed " + percent(passRate) + " of its cases in run " + draftRun.runId()
          + ", the evaluation gate asks for " + percent(gate.get().minPassRate()) + "; not passed: "
          + String.join(", ", draftRun.notPassed()));
    }
    Optional<RunReport> liveRun = live.flatMap(v -> runs.latestFinished(tenant, false, v.version()));
    if (liveRun.isPresent()) {
      List<String> regressions = RunReport.Comparison.of(draftRun, liveRun.get()).regressions();
      if (!regressions.isEmpty()) {
        List<String> names = draftRun.cases().stream().filter(c -> regressions.contains(c.caseId()))
            .map(c -> c.name() + " (" + c.verdict().wireName() + ")").toList();
        return Optional.of("cases that pass on live version " + live.get().version() + " do not pass on draft " + number
            + ": " + String.join(", ", names));
      }
    }
    return Optional.empty();
  }

  /** Why the tenant may not publish a configuration directly, bypassing the draft; empty when it may. */
  public Optional<String> directPublishRefusal(String tenant) {
    Optional<TenantBotConfig.Version> live = configs.of(tenant).ask(TenantBotConfig.GetCurrent::new, askTimeout)
        .toCompletableFuture().join().version();
    return live.filter(v -> v.config().evaluationGate().isPresent()).map(v -> "live version " + v.version()
        + " sets an evaluation gate, so a configuration goes live through the draft: save it with PUT /v1/config/draft,"
        + " run POST /v1/evaluations/runs {\"config\": \"draft\"}, then POST /v1/config/draft/publish"
        + " (a rollback to an earlier version is not gated)");
  }

  private static String percent(double share) {
    return Math.round(share * 1000) / 10.0 + "%";
  }
}
