package io.parley.core.procedure;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.parley.core.bot.JsonText;
import java.util.List;
import java.util.Objects;

/**
 * A company's process the bot follows step by step (docs/procedures.md): the model starts it
 * through the tool {@link #toolName()} with {@code inputs} (a JSON schema, as text) as its
 * parameters, knowing from {@code description} when it applies; from then on the session runs
 * {@code steps} itself.
 */
public record Procedure(String name, String description,
    @JsonSerialize(using = JsonText.Writer.class) @JsonDeserialize(using = JsonText.Reader.class) String inputs,
    @JsonSerialize(contentUsing = ProcedureSteps.Writer.class) @JsonDeserialize(contentUsing = ProcedureSteps.Reader.class)
    List<ProcedureStep> steps) {
  /** What the model's tool names of procedures start with; no tenant's tool may. */
  public static final String TOOL_PREFIX = "procedure_";
  /** The inputs of a procedure that needs none to start. */
  public static final String NO_INPUTS = "{\"type\":\"object\",\"properties\":{}}";

  public Procedure {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    inputs = inputs == null ? NO_INPUTS : inputs;
    steps = List.copyOf(steps);
  }

  /** The tool through which the model starts this procedure. */
  public String toolName() {
    return TOOL_PREFIX + name;
  }
}
