package io.parley.sessions.workflow;

import java.util.Map;
import java.util.Optional;

/**
 * What a step sees: the workflow's id, tenant and input, and the results of the steps that
 * succeeded before it. The idempotency key {@code <workflowId>/<step>} is the same for every
 * attempt, after a restart too.
 */
record StepContext(String tenant, String workflowId, String step, Map<String, String> input,
    Map<String, String> results) {
  public StepContext {
    input = Map.copyOf(input);
    results = Map.copyOf(results);
  }

  public String idempotencyKey() {
    return workflowId + "/" + step;
  }

  public String input(String name) {
    String value = input.get(name);
    if (value == null) throw new StepFailure("the workflow has no input '" + name + "'", false);
    return value;
  }

  public Optional<String> result(String stepName) {
    return Optional.ofNullable(results.get(stepName));
  }
}
