package io.parley.http.a2a;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON-RPC 2.0 request of A2A 1.0's binding as the endpoint reads it: a customer's message to send (answered at
 * once or as a stream of events), a task to look up or cancel, or the error the body gets instead. Pure: no session
 * is touched while reading.
 */
sealed interface A2aRequest {
  /** The request's {@code id}, echoed in its answer; JSON null when the body had none that could be read. */
  JsonNode id();

  /**
   * {@code SendMessage} or {@code SendStreamingMessage}: the text of the message's text parts, the context it
   * continues when it names one, and the task it answers when it names one (a task waiting for input: the customer's
   * approval of a tool call, given as a data part {@code {"approved": ..., "reason": ...}} or in words).
   */
  record Send(JsonNode id, String messageId, String text, Optional<String> contextId, Optional<String> taskId,
      Optional<Decision> decision, boolean streaming) implements A2aRequest {}

  /** The customer's decision on an approval, from a data part: {@code reason} is told to the model with a refusal. */
  record Decision(boolean approved, Optional<String> reason) {}

  /** {@code GetTask} or {@code CancelTask} of {@code taskId}: the bot's answers are messages, so no task is kept. */
  record TaskLookup(JsonNode id, String taskId) implements A2aRequest {}

  /** A body answered with {@code error} alone. */
  record Refused(JsonNode id, A2aError error) implements A2aRequest {}

  /** The request {@code body} holds, read with {@code json}. */
  static A2aRequest read(ObjectMapper json, String body) {
    JsonNode request;
    try {
      request = json.readTree(body);
    } catch (JacksonException e) {
      return new Refused(NullNode.getInstance(), new A2aError(A2aError.PARSE_ERROR, "the body is not JSON"));
    }
    if (request == null || !request.isObject()) {
      return new Refused(NullNode.getInstance(), new A2aError(A2aError.INVALID_REQUEST, "the body is not a JSON-RPC request object"));
    }
    JsonNode id = request.path("id");
    if (!id.isTextual() && !id.isNumber() && !id.isNull()) id = NullNode.getInstance();
    if (!"2.0".equals(request.path("jsonrpc").asText(null)) || !request.path("method").isTextual()) {
      return new Refused(id, new A2aError(A2aError.INVALID_REQUEST, "a JSON-RPC 2.0 request has \"jsonrpc\": \"2.0\" and a method"));
    }
    JsonNode params = request.path("params");
    return switch (request.get("method").asText()) {
      case "SendMessage" -> send(id, params, false);
      case "SendStreamingMessage" -> send(id, params, true);
      case "GetTask", "CancelTask" -> params.path("id").isTextual() ? new TaskLookup(id, params.get("id").asText())
          : new Refused(id, A2aError.invalidParams("params.id: the task's id is required"));
      default -> new Refused(id, new A2aError(A2aError.METHOD_NOT_FOUND, "method not found: " + request.get("method").asText()
          + "; this agent serves SendMessage, SendStreamingMessage, GetTask and CancelTask"));
    };
  }

  private static A2aRequest send(JsonNode id, JsonNode params, boolean streaming) {
    JsonNode message = params.path("message");
    if (!message.isObject()) return new Refused(id, A2aError.invalidParams("params.message is required"));
    if (!message.path("messageId").isTextual() || message.get("messageId").asText().isBlank()) {
      return new Refused(id, A2aError.invalidParams("params.message.messageId is required"));
    }
    String role = message.path("role").asText("");
    if (!role.equals("ROLE_USER")) {
      return new Refused(id, A2aError.invalidParams("params.message.role must be ROLE_USER: the client speaks as the customer"));
    }
    List<String> texts = new ArrayList<>();
    Optional<Decision> decision = Optional.empty();
    for (JsonNode part : message.path("parts")) {
      if (part.path("text").isTextual()) {
        texts.add(part.get("text").asText());
      } else if (part.path("data").path("approved").isBoolean()) {
        JsonNode reason = part.get("data").path("reason");
        decision = Optional.of(new Decision(part.get("data").get("approved").asBoolean(),
            reason.isTextual() && !reason.asText().isBlank() ? Optional.of(reason.asText()) : Optional.empty()));
      } else {
        return new Refused(id, new A2aError(A2aError.CONTENT_TYPE_NOT_SUPPORTED,
            "only text parts are understood, and a data part {\"approved\": true|false} answering an approval"));
      }
    }
    String text = String.join("\n", texts).strip();
    if (text.isEmpty() && decision.isEmpty()) {
      return new Refused(id, A2aError.invalidParams("params.message.parts: a message needs text"));
    }
    JsonNode context = message.path("contextId");
    Optional<String> contextId = context.isTextual() && !context.asText().isEmpty() ? Optional.of(context.asText())
        : Optional.empty();
    JsonNode task = message.path("taskId");
    Optional<String> taskId = task.isTextual() && !task.asText().isEmpty() ? Optional.of(task.asText()) : Optional.empty();
    if (taskId.isPresent() && contextId.isEmpty()) {
      return new Refused(id, A2aError.invalidParams("params.message.contextId: a message answering a task names its context"));
    }
    if (decision.isPresent() && taskId.isEmpty()) {
      return new Refused(id, A2aError.invalidParams("params.message.taskId: an approval answers the task waiting for it"));
    }
    return new Send(id, message.get("messageId").asText(), text, contextId, taskId, decision, streaming);
  }
}
