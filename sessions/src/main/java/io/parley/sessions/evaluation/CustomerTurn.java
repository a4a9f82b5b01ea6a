package io.parley.sessions.evaluation;

import com.fasterxml.jackson.databind.JsonNode;

/** The simulated customer's answer ({@code EvaluationPrompts.CUSTOMER_SCHEMA}): its next message, or the end. */
record CustomerTurn(String message, boolean done) {
  static CustomerTurn read(JsonNode answer) {
    StructuredModel.onlyFields(answer, "message", "done");
    if (!answer.get("message").isTextual()) throw new IllegalArgumentException("message is not a text");
    if (!answer.get("done").isBoolean()) throw new IllegalArgumentException("done is not true or false");
    return new CustomerTurn(answer.get("message").asText(), answer.get("done").booleanValue());
  }

  boolean ends() {
    return done || message.isBlank();
  }
}
