package io.parley.sessions.procedure;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.core.bot.JsonText;
import io.parley.core.evaluation.Observation;
import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One run of a procedure as the session folds it from its events: where the step machine stands
 * ({@code run}), and each step as the support team reads it afterwards ({@code steps}: what each
 * check saw, what each tool returned, each ask and its answer). {@code runId} keys the run's tool
 * calls' idempotency, so a step run again after a crash carries the key it had.
 */
public record ProcedureNote(String runId, String turnId, Instant startedAt, ProcedureRun run, List<Step> steps,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> outcome) {

  /**
   * A step that happened: {@code kind} (tool, check, ask, answer, say, call, end), the step's
   * {@code label}, what it produced or saw ({@code value}, JSON or text; an ask's prompt as sent, an
   * end's reason) and, for a check, whether it held and why it could not be evaluated.
   */
  public record Step(String label, String kind,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> value,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Boolean> held,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> error, Instant at) {
    public Step {
      value = value == null ? Optional.empty() : value;
      held = held == null ? Optional.empty() : held;
      error = error == null ? Optional.empty() : error;
    }

    public static Step of(String label, String kind, Optional<String> value, Instant at) {
      return new Step(label, kind, value, Optional.empty(), Optional.empty(), at);
    }
  }

  public ProcedureNote {
    steps = List.copyOf(steps);
    outcome = outcome == null ? Optional.empty() : outcome;
  }

  /** A run of {@code procedure} just started by the model in {@code turnId}, with {@code inputs} (JSON). */
  public static ProcedureNote started(String runId, String turnId, Procedure procedure, String inputs, Instant at) {
    ProcedureRun run = ProcedureRun.start(procedure, JsonText.tree(inputs));
    return new ProcedureNote(runId, turnId, at, run, List.of(Step.of(procedure.name(), "start", Optional.of(inputs), at)),
        Optional.empty());
  }

  /** The step the run is at, as the events name it. */
  public String label() {
    return run.position().label();
  }

  /** The run moved on ({@code moved}) after {@code step}. */
  public ProcedureNote after(Step step, UnaryOperator<ProcedureRun> moved) {
    List<Step> all = new ArrayList<>(steps);
    all.add(step);
    ProcedureRun next = moved.apply(run);
    Optional<String> over = next.running() ? outcome : Optional.of(outcome.orElse(next.status().name().toLowerCase(Locale.ROOT)));
    return new ProcedureNote(runId, turnId, startedAt, next, all, over);
  }

  /**
   * The run is over as {@code how} at {@code step} (the step the event names: an {@code end} step,
   * or the last step done when that completed the run), for {@code reason}.
   */
  public ProcedureNote ended(String step, ProcedureRun.Status how, String reason, Instant at) {
    List<Step> all = new ArrayList<>(steps);
    all.add(Step.of(step, "end", Optional.of(reason), at));
    return new ProcedureNote(runId, turnId, startedAt, run.over(how), all,
        Optional.of(how.name().toLowerCase(Locale.ROOT) + (reason.isEmpty() ? "" : ": " + reason)));
  }

  /**
   * The run as an evaluation observes it: completed unless handed over or abandoned, each step
   * with how it went ({@code held} or {@code not held}, {@code asked}, else {@code done}). The end
   * of a run its last step completed names that step, which went as it went: it adds nothing.
   */
  public Observation.ProcedureRan observed() {
    List<Observation.StepWent> went = steps.stream().filter(step -> !step.kind().equals("start"))
        .filter(step -> !step.kind().equals("end") || steps.stream().takeWhile(before -> before != step)
            .noneMatch(before -> before.label().equals(step.label())))
        .map(step -> new Observation.StepWent(step.label(), step.kind().equals("ask") ? "asked"
            : step.held().map(held -> held ? "held" : "not held").orElse("done")))
        .toList();
    return new Observation.ProcedureRan(run.procedure(), run.status() == ProcedureRun.Status.COMPLETED, went);
  }

  /** The procedures by name, as the step machine looks them up. */
  public static Map<String, Procedure> byName(List<Procedure> procedures) {
    Map<String, Procedure> named = new LinkedHashMap<>();
    procedures.forEach(p -> named.put(p.name(), p));
    return named;
  }
}
