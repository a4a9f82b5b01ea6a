package io.parley.core.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code procedures} of a bot configuration document (docs/procedures.md), and checks
 * them as a whole ({@link ProcedureValidation}): every problem names the procedure and the step,
 * as {@code procedures[0].steps[2].check: ...}.
 */
public final class ProcedureDocument {
  static final int MAX_PROCEDURES = 20;
  static final int MAX_DESCRIPTION = 1_000;
  /** Short enough for {@code procedure_<name>} to be a tool's name, which OpenAI bounds at 64. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,39}");
  private static final List<String> FIELDS = List.of("name", "description", "inputs", "steps");

  private ProcedureDocument() {}

  /** The procedures of {@code value} (the document's {@code procedures}); {@code tools} are the names the bot's tools have. */
  public static List<Procedure> read(JsonNode value, Set<String> tools, List<String> problems) {
    if (value == null || value.isNull()) return List.of();
    if (!value.isArray()) {
      problems.add("procedures: must be a list of procedures");
      return List.of();
    }
    if (value.size() > MAX_PROCEDURES) problems.add("procedures: at most " + MAX_PROCEDURES);
    int before = problems.size();
    List<Procedure> procedures = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < value.size(); i++) {
      String at = "procedures[" + i + "]";
      JsonNode entry = value.get(i);
      if (!entry.isObject()) {
        problems.add(at + ": must be an object with name, description, inputs and steps");
        continue;
      }
      entry.fieldNames().forEachRemaining(field -> {
        if (!FIELDS.contains(field)) problems.add(at + "." + field + ": not a field of a procedure (known: " + String.join(", ", FIELDS) + ")");
      });
      String name = entry.path("name").asText("");
      if (!entry.path("name").isTextual() || !NAME.matcher(name).matches()) {
        problems.add(at + ".name: must be lower-case letters, digits and _, at most 40, e.g. \"refund\"");
      } else if (!names.add(name)) {
        problems.add(at + ".name: " + name + " is used twice");
      } else if (tools.contains(Procedure.TOOL_PREFIX + name)) {
        problems.add(at + ".name: a tool is already named " + Procedure.TOOL_PREFIX + name);
      }
      String description = entry.path("description").asText("").strip();
      if (!entry.path("description").isTextual() || description.isEmpty()) {
        problems.add(at + ".description: must say when the procedure applies, for the model");
      } else if (description.length() > MAX_DESCRIPTION) {
        problems.add(at + ".description: at most " + MAX_DESCRIPTION + " characters");
      }
      JsonNode inputs = entry.path("inputs");
      if (!inputs.isMissingNode() && (!inputs.isObject() || !"object".equals(inputs.path("type").asText()))) {
        problems.add(at + ".inputs: must be the JSON schema of what the procedure needs to start, "
            + "{\"type\": \"object\", \"properties\": {...}}");
      }
      List<ProcedureStep> steps = ProcedureSteps.read(entry.get("steps"), at + ".steps", problems);
      procedures.add(new Procedure(name, description,
          inputs.isObject() ? inputs.toString() : Procedure.NO_INPUTS, steps));
    }
    if (problems.size() == before) problems.addAll(ProcedureValidation.problems(procedures, tools));
    return problems.size() == before ? procedures : List.of();
  }
}
