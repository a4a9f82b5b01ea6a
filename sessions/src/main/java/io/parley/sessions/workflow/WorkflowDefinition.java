package io.parley.sessions.workflow;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** A named, ordered list of steps; the workflow entity runs them one after the other. */
record WorkflowDefinition(String name, List<WorkflowStep> steps) {
  public WorkflowDefinition {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) throw new IllegalArgumentException("workflow " + name + " has no steps");
    if (new HashSet<>(steps.stream().map(WorkflowStep::name).toList()).size() != steps.size()) {
      throw new IllegalArgumentException("workflow " + name + " has two steps of one name");
    }
  }

  public Optional<WorkflowStep> step(String stepName) {
    return steps.stream().filter(s -> s.name().equals(stepName)).findFirst();
  }

  public List<String> stepNames() {
    return steps.stream().map(WorkflowStep::name).toList();
  }
}
