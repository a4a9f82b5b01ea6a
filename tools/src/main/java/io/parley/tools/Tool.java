package io.parley.tools;

import java.util.function.Function;

/**
 * Something the assistant can do besides talking: search the knowledge base, create a ticket,
 * look one up. A tool describes itself ({@link ToolDefinition}: the name and JSON-schema
 * parameters the model sees, its timeout, retry policy and whether a repeat is harmless) and
 * runs one invocation at a time per call. {@link #run} blocks; the session runs it off the actor
 * threads, under the definition's timeout and retries.
 */
public interface Tool {
  ToolDefinition definition();

  /**
   * Runs one call. Arguments were already validated against the definition's schema.
   *
   * @throws ToolFailure when the call did not succeed; {@link ToolFailure#transientFailure()}
   *     says whether the same call may succeed if retried
   */
  ToolResult run(ToolInvocation invocation);

  /**
   * Whether the model is offered this tool only in a conversation that is a call the bot placed
   * ({@code do_not_call}: only such a callee has a number the bot dialled); false for every other tool.
   */
  default boolean placedCallsOnly() {
    return false;
  }

  /** The tool of {@code definition} whose calls {@code run} runs: what wraps another tool's calls (a limit, a count) makes one. */
  static Tool of(ToolDefinition definition, Function<ToolInvocation, ToolResult> run) {
    return new Tool() {
      @Override
      public ToolDefinition definition() {
        return definition;
      }

      @Override
      public ToolResult run(ToolInvocation invocation) {
        return run.apply(invocation);
      }
    };
  }
}
