package io.parley.core.llm;

import io.parley.core.llm.StreamChunk.ToolCallDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Joins the {@code delta.tool_calls} fragments of one streamed answer into whole calls. OpenAI's
 * form: every fragment names its call by {@code index}, the first one carries the call's
 * {@code id} and {@code function.name}, the later ones pieces of {@code function.arguments} to
 * append, and the fragments of parallel calls may interleave. Compatible servers stray from that in
 * the ways noted below. The arguments are joined, never parsed: checking them is the tool
 * registry's job. Not thread-safe: one per attempt, fed from its reading thread.
 */
final class ToolCallAssembler {
  /** Calls in the order they started. */
  private final List<PartialCall> calls = new ArrayList<>();
  /** The call each wire index currently points at, which changes when a server reuses an index. */
  private final Map<Integer, PartialCall> byIndex = new HashMap<>();

  void accept(List<ToolCallDelta> deltas) {
    for (ToolCallDelta delta : deltas) {
      // Workers AI closes a call with a fragment whose id, name and arguments are all null.
      if (delta.id().isEmpty() && delta.name().isEmpty() && delta.arguments().isEmpty()) continue;
      PartialCall call = delta.index().isPresent() ? atIndex(delta.index().getAsInt(), delta) : withoutIndex(delta);
      call.add(delta);
    }
  }

  /** Why the fragments so far do not make whole calls: a call without an id or a name. */
  Optional<String> problem() {
    for (int i = 0; i < calls.size(); i++) {
      PartialCall call = calls.get(i);
      if (call.id == null || call.name.length() == 0) {
        return Optional.of("tool call " + (i + 1) + " of " + calls.size() + " has no " + (call.id == null ? "id" : "name")
            + " (name '" + call.name + "', arguments '" + abbreviate(call.arguments) + "')");
      }
    }
    return Optional.empty();
  }

  /** @throws IllegalStateException when there is a {@link #problem()} */
  List<ToolCall> calls() {
    problem().ifPresent(problem -> {
      throw new IllegalStateException(problem);
    });
    return calls.stream().map(call -> new ToolCall(call.id, call.name.toString(), call.arguments.toString())).toList();
  }

  private PartialCall atIndex(int index, ToolCallDelta delta) {
    PartialCall current = byIndex.get(index);
    // Ollama sends every call of an answer at index 0, and so do SGLang and some vLLM tool parsers:
    // there a different id is the only sign that the next call began. The same id again (SGLang
    // repeats it on every fragment) or none (vLLM sends "id": "" on later ones) continues the call.
    boolean anotherCall = current != null && current.id != null
        && delta.id().isPresent() && !delta.id().get().equals(current.id);
    if (current == null || anotherCall) {
      current = start();
      byIndex.put(index, current);
    }
    return current;
  }

  /**
   * Ollama before 0.4.7 sent no index at all, each call whole in one fragment with its own id: an
   * unseen id starts a call, unless the last call is still waiting for its id. Without an id
   * either, a name starts a call when the last call already has a name; anything else continues
   * the last call.
   */
  private PartialCall withoutIndex(ToolCallDelta delta) {
    PartialCall last = calls.isEmpty() ? null : calls.get(calls.size() - 1);
    if (delta.id().isPresent()) {
      for (PartialCall call : calls) {
        if (delta.id().get().equals(call.id)) return call;
      }
      boolean lastAwaitsIt = last != null && last.id == null && (delta.name().isEmpty() || last.name.length() == 0);
      return lastAwaitsIt ? last : start();
    }
    if (last == null || (delta.name().isPresent() && last.name.length() > 0)) {
      return start();
    }
    return last;
  }

  private PartialCall start() {
    PartialCall call = new PartialCall();
    calls.add(call);
    return call;
  }

  private static String abbreviate(CharSequence text) {
    return text.length() <= 80 ? text.toString() : text.subSequence(0, 80) + "…";
  }

  private static final class PartialCall {
    private String id;
    private final StringBuilder name = new StringBuilder();
    private final StringBuilder arguments = new StringBuilder();

    void add(ToolCallDelta delta) {
      if (id == null) {
        delta.id().ifPresent(first -> id = first);
      }
      // llama.cpp before May 2025 repeated the whole name on every fragment; a name is otherwise
      // sent once, but it is a delta like the arguments, so a different piece is appended.
      delta.name().filter(piece -> !piece.contentEquals(name)).ifPresent(name::append);
      arguments.append(delta.arguments());
    }
  }
}
