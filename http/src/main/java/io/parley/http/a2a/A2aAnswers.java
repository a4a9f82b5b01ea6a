package io.parley.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.sessions.SessionUpdate.ApprovalChanged;
import java.util.UUID;

/**
 * The JSON-RPC responses of A2A 1.0's binding, in the proto's JSON form (camelCase fields, enum names such as
 * {@code ROLE_AGENT} and {@code TASK_STATE_COMPLETED}, a part as {@code {"text": ...}}). A message is sent back as
 * {@code {"message": ...}}; a stream is a task, its status updates and the answer as an artifact. A turn whose tool
 * call waits for the customer's approval is a task waiting for input, at once or at the stream's end.
 */
final class A2aAnswers {
  private final ObjectMapper json;

  A2aAnswers(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode error(JsonNode id, A2aError error) {
    ObjectNode response = envelope(id);
    response.putObject("error").put("code", error.code()).put("message", error.message());
    return response;
  }

  ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode response = envelope(id);
    response.set("result", result);
    return response;
  }

  /** {@code SendMessage}'s result: the bot's answer as the agent's message in {@code contextId}. */
  ObjectNode message(String contextId, String text) {
    return named("message", agentMessage(contextId, text));
  }

  /** The stream's first event: the task of the turn, being worked on. */
  ObjectNode task(String taskId, String contextId) {
    return named("task", ofTask("id", taskId, contextId).set("status", json.createObjectNode().put("state", "TASK_STATE_WORKING")));
  }

  /** A chunk of the answer, appended to the turn's one artifact. */
  ObjectNode chunk(String taskId, String contextId, String text, boolean append, boolean last) {
    ObjectNode update = ofTask("taskId", taskId, contextId).put("append", append).put("lastChunk", last);
    ObjectNode artifact = update.putObject("artifact").put("artifactId", taskId + "-answer").put("name", "answer");
    artifact.putArray("parts").addObject().put("text", text);
    return named("artifactUpdate", update);
  }

  /** The stream's last event: the turn completed, with the whole answer as the agent's message. */
  ObjectNode completed(String taskId, String contextId, String text) {
    ObjectNode status = json.createObjectNode().put("state", "TASK_STATE_COMPLETED");
    status.set("message", agentMessage(contextId, text).put("taskId", taskId));
    return named("statusUpdate", ofTask("taskId", taskId, contextId).set("status", status));
  }

  /**
   * {@code SendMessage}'s result for a turn whose tool call waits for the customer's approval: its task, waiting
   * for input ({@link #waitingStatus}).
   */
  ObjectNode waitingTask(String taskId, String contextId, ApprovalChanged approval, boolean askedAgain) {
    return named("task", ofTask("id", taskId, contextId).set("status", waitingStatus(taskId, contextId, approval, askedAgain)));
  }

  /** The stream's last event for a turn whose tool call waits for the customer's approval. */
  ObjectNode inputRequired(String taskId, String contextId, ApprovalChanged approval, boolean askedAgain) {
    return named("statusUpdate", ofTask("taskId", taskId, contextId)
        .set("status", waitingStatus(taskId, contextId, approval, askedAgain)));
  }

  /**
   * {@code TASK_STATE_INPUT_REQUIRED} with the question in the conversation's language (what will be done, "shall I
   * go ahead?") and a data part naming the approval: the client answers in the task with yes or no, in words or as
   * {@code {"approved": true|false}}.
   */
  private ObjectNode waitingStatus(String taskId, String contextId, ApprovalChanged approval, boolean askedAgain) {
    String question = A2aConversation.words(approval).sentence(askedAgain ? "approval.again" : "approval.ask")
        .replace("{summary}", approval.summary());
    ObjectNode message = agentMessage(contextId, question).put("taskId", taskId);
    message.withArray("parts").addObject().putObject("data").put("approvalId", approval.approvalId())
        .put("tool", approval.tool()).put("summary", approval.summary()).put("expiresAt", approval.expiresAt().toString());
    ObjectNode status = json.createObjectNode().put("state", "TASK_STATE_INPUT_REQUIRED");
    status.set("message", message);
    return status;
  }

  private ObjectNode agentMessage(String contextId, String text) {
    ObjectNode message = json.createObjectNode().put("messageId", UUID.randomUUID().toString())
        .put("contextId", contextId).put("role", "ROLE_AGENT");
    message.putArray("parts").addObject().put("text", text);
    return message;
  }

  /** A task or an update of one: its id under {@code idField} ({@code id} for a task, {@code taskId} for an update). */
  private ObjectNode ofTask(String idField, String taskId, String contextId) {
    return json.createObjectNode().put(idField, taskId).put("contextId", contextId);
  }

  /** A result of one kind: {@code {"task": ...}}, {@code {"statusUpdate": ...}}, ... */
  private ObjectNode named(String kind, JsonNode value) {
    ObjectNode result = json.createObjectNode();
    result.set(kind, value);
    return result;
  }

  private ObjectNode envelope(JsonNode id) {
    ObjectNode response = json.createObjectNode().put("jsonrpc", "2.0");
    response.set("id", id);
    return response;
  }
}
