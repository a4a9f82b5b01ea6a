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

  /** The conversations the model is offered this tool in: every one, unless the tool says otherwise. */
  default OfferedIn offeredIn() {
    return OfferedIn.EVERY_CONVERSATION;
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
