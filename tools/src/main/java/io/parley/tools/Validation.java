package io.parley.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Whether a call the model asked for can run: {@link Valid} with the tool and its parsed
 * arguments, or {@link Invalid} with what to fix, as a value (never an exception), ready to go back
 * to the model as the call's result.
 */
public sealed interface Validation {

  /** The tool exists and the arguments match its schema; run {@code tool} with {@code arguments}. */
  record Valid(Tool tool, JsonNode arguments) implements Validation {
    public Valid {
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(arguments, "arguments");
    }
  }

  /**
   * The call cannot run.
   *
   * @param toolName the name the model used
   * @param code {@value #UNKNOWN_TOOL} or {@value #INVALID_ARGUMENTS}
   * @param problems one readable sentence each, such as "priority must be one of low, normal, high, urgent"
   */
  record Invalid(String toolName, String code, List<String> problems) implements Validation {
    public static final String UNKNOWN_TOOL = "unknown_tool";
    public static final String INVALID_ARGUMENTS = "invalid_arguments";

    public Invalid {
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(code, "code");
      problems = List.copyOf(problems);
      if (problems.isEmpty()) throw new IllegalArgumentException("an invalid call has at least one problem");
    }

    /** The problems in one message for the model, saying that nothing ran and what to do. */
    public String message() {
      String joined = String.join("; ", problems);
      return code.equals(UNKNOWN_TOOL) ? joined
          : toolName + " was not run: " + joined + ". Correct the arguments and call it again.";
    }

    /** The result to send back to the model in place of the tool's. */
    public ToolResult result() {
      String summary = code.equals(UNKNOWN_TOOL) ? "Unknown tool " + toolName : "Invalid arguments for " + toolName;
      return ToolResult.error(code, message(), summary);
    }
  }
}
