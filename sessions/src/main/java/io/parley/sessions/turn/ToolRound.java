package io.parley.sessions.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One step of a turn in which the model asked for tools: the calls it requested (persisted
 * before any runs) and the results that came back (each persisted when it arrives). A turn
 * that a crash interrupts resumes from its rounds: finished calls are not run again, unfinished
 * ones run again under the same idempotency key, and the model is not asked a second time for
 * calls it already made.
 */
public record ToolRound(List<RequestedCall> calls, List<CompletedCall> results) {
  /** A call as the model made it: its id, the tool's name and the raw JSON arguments. */
  public record RequestedCall(String id, String name, String argumentsJson) {}

  /** What a call returned: {@code content} goes back to the model, {@code summary} to people. */
  public record CompletedCall(String id, String name, boolean ok, String content, String summary) {}

  public ToolRound {
    calls = List.copyOf(calls);
    results = List.copyOf(results);
  }

  public static ToolRound requested(List<RequestedCall> calls) {
    return new ToolRound(calls, List.of());
  }

  public ToolRound withResult(CompletedCall result) {
    if (results.stream().anyMatch(r -> r.id().equals(result.id()))) return this;
    List<CompletedCall> updated = new ArrayList<>(results);
    updated.add(result);
    return new ToolRound(calls, updated);
  }

  Optional<CompletedCall> resultOf(String callId) {
    return results.stream().filter(r -> r.id().equals(callId)).findFirst();
  }

  boolean complete() {
    return calls.stream().allMatch(c -> resultOf(c.id()).isPresent());
  }
}
