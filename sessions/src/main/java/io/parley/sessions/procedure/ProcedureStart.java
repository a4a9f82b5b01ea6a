package io.parley.sessions.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.JsonText;
import io.parley.core.llm.ToolSpec;
import io.parley.core.procedure.AskSchema;
import io.parley.core.procedure.Procedure;
import io.parley.sessions.turn.ToolRound;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the model starts a procedure: each procedure is offered to it as the tool
 * {@code procedure_<name>}, its parameters the procedure's {@code inputs}, its description the
 * procedure's; a call of one with valid inputs starts the run, and the session takes over.
 */
public record ProcedureStart(Procedure procedure, String inputs) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The tools the model is offered: {@code tools}, then one per procedure. */
  public static List<ToolSpec> offered(List<ToolSpec> tools, List<Procedure> procedures) {
    if (procedures.isEmpty()) return tools;
    List<ToolSpec> all = new ArrayList<>(tools);
    procedures.forEach(p -> all.add(new ToolSpec(p.toolName(), p.description(), JsonText.tree(p.inputs()))));
    return all;
  }

  /**
   * The procedure the first of {@code calls} that names one starts, with its inputs, when they are
   * valid against the procedure's {@code inputs}; empty otherwise (the call then fails as one of an
   * unknown tool, which the model reads).
   */
  public static Optional<ProcedureStart> of(List<ToolRound.RequestedCall> calls, List<Procedure> procedures) {
    for (ToolRound.RequestedCall call : calls) {
      Optional<Procedure> named = procedures.stream().filter(p -> p.toolName().equals(call.name())).findFirst();
      if (named.isEmpty()) continue;
      Optional<JsonNode> inputs = parsed(call.argumentsJson());
      if (inputs.isPresent() && AskSchema.problems(named.get().inputs(), inputs.get()).isEmpty()) {
        return Optional.of(new ProcedureStart(named.get(), inputs.get().toString()));
      }
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> parsed(String json) {
    try {
      return Optional.of(JSON.readTree(json)).filter(JsonNode::isObject);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
