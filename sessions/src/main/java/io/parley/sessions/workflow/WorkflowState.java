package io.parley.sessions.workflow;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.parley.core.CborSerializable;
import io.parley.core.WireName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The lifecycle phases of a workflow, one immutable record each: not started; running while
 * a step has not succeeded; completed when all have; after a step failed for good, compensating while
 * a succeeded step is not undone yet, then compensated. The transitions live on the phases, so the
 * entity's event handler only dispatches. Named subtypes let a state cross nodes inside a status
 * reply.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = WorkflowState.NotStarted.class, name = "not-started"),
  @JsonSubTypes.Type(value = WorkflowState.Running.class, name = "running"),
  @JsonSubTypes.Type(value = WorkflowState.Completed.class, name = "completed"),
  @JsonSubTypes.Type(value = WorkflowState.Compensating.class, name = "compensating"),
  @JsonSubTypes.Type(value = WorkflowState.Compensated.class, name = "compensated")
})
public sealed interface WorkflowState extends CborSerializable {

  enum Phase { NOT_STARTED, RUNNING, COMPLETED, COMPENSATING, COMPENSATED }

  enum StepStatus implements WireName.InJson {
    PENDING, RUNNING, SUCCEEDED, FAILED, COMPENSATED
  }

  record StepState(String name, StepStatus status, int attempts, Optional<String> lastError,
      Optional<String> result) {
    StepState with(StepStatus newStatus, int newAttempts, Optional<String> error, Optional<String> newResult) {
      return new StepState(name, newStatus, newAttempts, error, newResult);
    }
  }

  Phase phase();

  /** Each step of the definition, in order, as far as it got; none before the start. */
  List<StepState> steps();

  default Optional<StepState> step(String name) {
    return steps().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  static NotStarted empty() {
    return new NotStarted();
  }

  /** No {@code WorkflowStarted} yet. */
  record NotStarted() implements WorkflowState {
    @Override
    public Phase phase() {
      return Phase.NOT_STARTED;
    }

    @Override
    public List<StepState> steps() {
      return List.of();
    }

    public Running start(String definition, Map<String, String> input, List<String> steps, Instant at) {
      List<StepState> pending = steps.stream()
          .map(name -> new StepState(name, StepStatus.PENDING, 0, Optional.empty(), Optional.empty())).toList();
      return new Running(new Progress(definition, input, pending, at, at));
    }
  }

  /** A workflow in any phase after its start: what the status shows. */
  sealed interface Started extends WorkflowState {
    Progress progress();

    @Override
    default List<StepState> steps() {
      return progress().steps();
    }

    default String definition() {
      return progress().definition();
    }

    default Map<String, String> input() {
      return progress().input();
    }

    default Instant startedAt() {
      return progress().startedAt();
    }

    default Instant updatedAt() {
      return progress().updatedAt();
    }
  }

  /** What a started workflow carries in every phase: its definition, input and steps. */
  record Progress(String definition, Map<String, String> input, List<StepState> steps, Instant startedAt,
      Instant updatedAt) {
    public Progress {
      input = Map.copyOf(input);
      steps = List.copyOf(steps);
    }

    /** The results of the succeeded (and compensated) steps, by step name: what a step sees of those before it. */
    public Map<String, String> results() {
      Map<String, String> results = new LinkedHashMap<>();
      steps.forEach(s -> s.result().ifPresent(r -> results.put(s.name(), r)));
      return results;
    }

    Optional<StepState> firstNotSucceeded() {
      return steps.stream().filter(s -> s.status() != StepStatus.SUCCEEDED).findFirst();
    }

    /** The last succeeded step: compensation undoes them in reverse order. */
    Optional<StepState> lastSucceeded() {
      for (int i = steps.size() - 1; i >= 0; i--) {
        if (steps.get(i).status() == StepStatus.SUCCEEDED) return Optional.of(steps.get(i));
      }
      return Optional.empty();
    }

    Progress update(String name, UnaryOperator<StepState> change, Instant at) {
      if (steps.stream().noneMatch(s -> s.name().equals(name))) {
        throw new IllegalStateException("workflow " + definition + " has no step " + name);
      }
      List<StepState> updated = new ArrayList<>(steps);
      updated.replaceAll(s -> s.name().equals(name) ? change.apply(s) : s);
      return new Progress(definition, input, updated, startedAt, at);
    }
  }

  /** Running its current step, the first that has not succeeded. */
  record Running(Progress progress) implements Started {
    public Running {
      if (progress.firstNotSucceeded().isEmpty()) throw new IllegalStateException("running with no step left");
    }

    @Override
    public Phase phase() {
      return Phase.RUNNING;
    }

    public StepState currentStep() {
      return progress.firstNotSucceeded().orElseThrow();
    }

    public Running stepStarted(String step, int attempt, Instant at) {
      return new Running(progress.update(step, s -> s.with(StepStatus.RUNNING, attempt, s.lastError(), s.result()), at));
    }

    /** Running the next step, or completed after the last. */
    public Started stepSucceeded(String step, String result, Instant at) {
      Progress after = progress.update(step,
          s -> s.with(StepStatus.SUCCEEDED, s.attempts(), s.lastError(), Optional.of(result)), at);
      return after.firstNotSucceeded().isPresent() ? new Running(after) : new Completed(after);
    }

    /** Still running after a transient failure; after a permanent one, compensating what succeeded (if anything did). */
    /** {@code permanent}: no more attempts; compensation follows. */
    public Started stepFailed(String step, String error, boolean permanent, Instant at) {
      StepStatus status = permanent ? StepStatus.FAILED : StepStatus.RUNNING;
      Progress after = progress.update(step, s -> s.with(status, s.attempts(), Optional.of(error), s.result()), at);
      if (!permanent) return new Running(after);
      return after.lastSucceeded().isPresent() ? new Compensating(after) : new Compensated(after);
    }
  }

  /** Completed or compensated: nothing is left to run or undo. */
  sealed interface Finished extends Started {}

  /** Every step succeeded. */
  record Completed(Progress progress) implements Finished {
    @Override
    public Phase phase() {
      return Phase.COMPLETED;
    }
  }

  /** A step failed for good; the succeeded steps are being undone, last first. */
  record Compensating(Progress progress) implements Started {
    public Compensating {
      if (progress.lastSucceeded().isEmpty()) throw new IllegalStateException("compensating with nothing to undo");
    }

    @Override
    public Phase phase() {
      return Phase.COMPENSATING;
    }

    public StepState nextToCompensate() {
      return progress.lastSucceeded().orElseThrow();
    }

    public Started stepCompensated(String step, Instant at) {
      Progress after = progress.update(step, s -> s.with(StepStatus.COMPENSATED, s.attempts(), s.lastError(), s.result()), at);
      return after.lastSucceeded().isPresent() ? new Compensating(after) : new Compensated(after);
    }
  }

  /** A step failed for good and every step that had succeeded is undone. */
  record Compensated(Progress progress) implements Finished {
    @Override
    public Phase phase() {
      return Phase.COMPENSATED;
    }
  }
}
