package io.parley.sessions.entity.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What the model gave a procedure's step back ({@link ProcedureModel}): translated texts, an ask's
 * value (none given), or nothing. Apart from the model's call, so that the command carrying it back
 * to the session depends on nothing of the call.
 */
public sealed interface ProcedureModelOutcome {
  record Translated(List<String> texts) implements ProcedureModelOutcome {}

  record Extracted(Optional<JsonNode> value) implements ProcedureModelOutcome {}

  record Failed(String why) implements ProcedureModelOutcome {}
}
