package io.parley.sessions.workflow;

import io.parley.core.CborSerializable;
import io.parley.sessions.workflow.Workflow.StepCompensated;
import io.parley.sessions.workflow.Workflow.StepFailed;
import io.parley.sessions.workflow.Workflow.StepStarted;
import io.parley.sessions.workflow.Workflow.StepSucceeded;
import io.parley.sessions.workflow.Workflow.WorkflowStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow as its events left it. The phase follows from the steps: running while a step has not
 * succeeded, completed when all have; after a permanent failure, compensating while a succeeded step
 * is not undone yet, then compensated. Immutable; the transitions live here.
 */
public record WorkflowState(
    Phase phase, String definition, Map<String, String> input, List<StepState> steps, Optional<Instant> startedAt,
    Optional<Instant> updatedAt) implements CborSerializable {

  public enum Phase { NOT_STARTED, RUNNING, COMPLETED, COMPENSATING, COMPENSATED }

  public enum StepStatus { PENDING, RUNNING, SUCCEEDED, FAILED, COMPENSATED }

  public record StepState(String name, StepStatus status, int attempts, Optional<String> lastError,
      Optional<String> result) {
    StepState with(StepStatus newStatus, int newAttempts, Optional<String> error, Optional<String> newResult) {
      return new StepState(name, newStatus, newAttempts, error, newResult);
    }
  }

  public WorkflowState {
    input = Map.copyOf(input);
    steps = List.copyOf(steps);
  }

  public static WorkflowState empty() {
    return new WorkflowState(Phase.NOT_STARTED, "", Map.of(), List.of(), Optional.empty(), Optional.empty());
  }

  public WorkflowState start(WorkflowStarted event) {
    List<StepState> pending = event.steps().stream()
        .map(name -> new StepState(name, StepStatus.PENDING, 0, Optional.empty(), Optional.empty())).toList();
    return new WorkflowState(Phase.RUNNING, event.definition(), event.input(), pending, Optional.of(event.at()),
        Optional.of(event.at()));
  }

  public WorkflowState stepStarted(StepStarted event) {
    return update(event.step(), s -> s.with(StepStatus.RUNNING, event.attempt(), s.lastError(), s.result()), phase,
        event.at());
  }

  public WorkflowState stepSucceeded(StepSucceeded event) {
    WorkflowState after = update(event.step(),
        s -> s.with(StepStatus.SUCCEEDED, s.attempts(), s.lastError(), Optional.of(event.result())), phase, event.at());
    return after.currentStep().isEmpty() ? after.withPhase(Phase.COMPLETED) : after;
  }

  public WorkflowState stepFailed(StepFailed event) {
    StepStatus status = event.permanent() ? StepStatus.FAILED : StepStatus.RUNNING;
    WorkflowState after = update(event.step(),
        s -> s.with(status, s.attempts(), Optional.of(event.error()), s.result()), phase, event.at());
    if (!event.permanent()) return after;
    return after.withPhase(after.nextToCompensate().isPresent() ? Phase.COMPENSATING : Phase.COMPENSATED);
  }

  public WorkflowState stepCompensated(StepCompensated event) {
    WorkflowState after = update(event.step(),
        s -> s.with(StepStatus.COMPENSATED, s.attempts(), s.lastError(), s.result()), phase, event.at());
    return after.nextToCompensate().isPresent() ? after : after.withPhase(Phase.COMPENSATED);
  }

  /** The first step that has not succeeded, while running. */
  public Optional<StepState> currentStep() {
    return steps.stream().filter(s -> s.status() != StepStatus.SUCCEEDED).findFirst();
  }

  /** The last succeeded step: compensation undoes them in reverse order. */
  public Optional<StepState> nextToCompensate() {
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i).status() == StepStatus.SUCCEEDED) return Optional.of(steps.get(i));
    }
    return Optional.empty();
  }

  public Optional<StepState> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The results of the succeeded (and compensated) steps, by step name. */
  public Map<String, String> results() {
    Map<String, String> results = new LinkedHashMap<>();
    steps.forEach(s -> s.result().ifPresent(r -> results.put(s.name(), r)));
    return results;
  }

  private WorkflowState withPhase(Phase newPhase) {
    return new WorkflowState(newPhase, definition, input, steps, startedAt, updatedAt);
  }

  private WorkflowState update(String name, java.util.function.UnaryOperator<StepState> change, Phase newPhase,
      Instant at) {
    List<StepState> updated = new ArrayList<>(steps);
    for (int i = 0; i < updated.size(); i++) {
      if (updated.get(i).name().equals(name)) updated.set(i, change.apply(updated.get(i)));
    }
    return new WorkflowState(newPhase, definition, input, updated, startedAt, Optional.of(at));
  }
}
