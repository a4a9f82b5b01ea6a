package io.parley.sessions.evaluation;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.EvaluationGate;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.bot.Experiment;
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
 *
 * <p>A verdict names the draft it judged, and the publish names it to the tenant's entity, which
 * refuses when another draft was saved between the two: an unevaluated draft never goes live.
 */
public final class PublishGate {
  /**
   * What the gate says of the tenant's draft: why it may not be published, or the number of the
   * draft it judged ready (empty when no gate applies, or there is no draft).
   */
  public record Verdict(Optional<String> refusal, Optional<Integer> passedDraft) {
    static final Verdict UNGATED = new Verdict(Optional.empty(), Optional.empty());

    static Verdict refused(String why) {
      return new Verdict(Optional.of(why), Optional.empty());
    }
  }

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

  /** Whether the tenant's draft may be published, and which draft that is. */
  public Verdict verdict(String tenant) {
    var entity = configs.of(tenant);
    Optional<TenantBotConfig.Draft> draft = entity.ask(TenantBotConfig.GetDraft::new, askTimeout).toCompletableFuture()
        .join().draft();
    if (draft.isEmpty()) return Verdict.UNGATED;
    int number = draft.get().number();
    return judged(tenant, draft.get().config(), true, number).map(Verdict::refused)
        .orElseGet(() -> new Verdict(Optional.empty(), Optional.of(number)));
  }

  /**
   * Why an experiment's {@code candidate} may not be published (docs/bot-config.md#experiments):
   * the same gate as a draft's, over the candidate's own latest finished run (the frozen draft's
   * number, or the saved version's); empty when it may.
   */
  public Optional<String> candidateRefusal(String tenant, Experiment.Candidate candidate) {
    return judged(tenant, candidate.config(), candidate.draft(), candidate.number());
  }

  /**
   * The gate's refusal of {@code config} ({@code draft} {@code number}, or version {@code number}),
   * when the live version (or, before a gate is live, {@code config} itself) sets one.
   */
  private Optional<String> judged(String tenant, BotConfig config, boolean draft, int number) {
    Optional<TenantBotConfig.Version> live = configs.of(tenant).ask(TenantBotConfig.GetCurrent::new, askTimeout)
        .toCompletableFuture().join().version();
    Optional<EvaluationGate> gate = live.flatMap(v -> v.config().evaluationGate()).or(config::evaluationGate);
    if (gate.isEmpty()) return Optional.empty();
    String name = (draft ? "draft " : "version ") + number;
    Optional<RunReport> run = runs.latestFinished(tenant, draft, number);
    if (run.isEmpty()) {
      return Optional.of("the evaluation gate asks for a finished evaluation run of " + name
          + ": POST /v1/evaluations/runs {\"config\": " + (draft ? "\"draft\"" : String.valueOf(number)) + "}");
    }
    RunReport candidateRun = run.get();
    List<String> ran = candidateRun.cases().stream().map(CaseResult::caseId).toList();
    List<String> notRun = cases.list(tenant).stream().filter(c -> !ran.contains(c.caseId())).map(EvaluationCases.Saved::name)
        .toList();
    if (!notRun.isEmpty()) {
      return Optional.of("the latest evaluation run of " + name + " did not run every case; not run: "
          + String.join(", ", notRun));
    }
    double passRate = candidateRun.passRate().orElse(0.0);
    if (passRate < gate.get().minPassRate()) {
      return Optional.of(name + " passed " + percent(passRate) + " of its cases in run " + candidateRun.runId()
          + ", the evaluation gate asks for " + percent(gate.get().minPassRate()) + "; not passed: "
          + String.join(", ", candidateRun.notPassed()));
    }
    Optional<RunReport> liveRun = live.flatMap(v -> runs.latestFinished(tenant, false, v.version()));
    if (liveRun.isPresent()) {
      List<String> regressions = RunReport.Comparison.of(candidateRun, liveRun.get()).regressions();
      if (!regressions.isEmpty()) {
        List<String> names = candidateRun.cases().stream().filter(c -> regressions.contains(c.caseId()))
            .map(c -> c.name() + " (" + c.verdict().wireName() + ")").toList();
        return Optional.of("cases that pass on live version " + live.get().version() + " do not pass on " + name
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
