package io.parley.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.parley.core.form.AskedForm;
import io.parley.tools.CallConsent;
import io.parley.tools.ConfirmationAsked;
import io.parley.tools.ConfirmationAsked.FormAsked;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers a server's request for input during a tool call (an {@code input_required} round of MCP 2026-07-28, form
 * mode). First from the call's own arguments, which the model filled from the conversation: each field the form asks
 * for is answered with the argument of the same name (a server lets the model carry an answer by declaring it as an
 * optional argument of the tool); a form whose every required field is so answered is accepted with those fields.
 * Otherwise the form is a person's to answer. A confirmation (a form whose every field is a yes or no, say
 * {@code confirm: boolean}) is accepted with every field yes when a person approved this call
 * (docs/tools.md#approvals), and asked of the customer otherwise ({@link ConfirmationAsked}). A form of values
 * (docs/tools.md#forms) is answered with the customer's reply to it when the call carries one (the values, a decline,
 * or a cancel when the question expired), and asked of the customer otherwise ({@link FormAsked}); the reply answers
 * one form, and a second form of values within the same call is declined. A form of anything else (nested objects,
 * arrays) is declined, and the server decides what the call then does. Nothing is ever answered that neither the call
 * nor a person gave. Not thread-safe: one call's rounds, which come one after another.
 */
final class FormAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a form gets: an answer to send, or a question for the customer, which ends the call. */
  sealed interface Reply {
    record Given(McpSchema.ElicitResult result) implements Reply {}

    record Ask(ConfirmationAsked question) implements Reply {}
  }

  private final String tool;
  private final JsonNode arguments;
  private final CallConsent consent;
  private boolean replyUsed;

  FormAnswers(String tool, JsonNode arguments, CallConsent consent) {
    this.tool = tool;
    this.arguments = arguments;
    this.consent = consent;
  }

  Reply answer(McpSchema.ElicitFormRequest request) {
    Map<String, Object> schema = request.requestedSchema() == null ? Map.of() : request.requestedSchema();
    Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> map ? map : Map.of();
    Map<String, Object> content = new LinkedHashMap<>();
    for (Object field : properties.keySet()) {
      JsonNode value = arguments == null ? null : arguments.get(String.valueOf(field));
      if (value != null && !value.isNull()) content.put(String.valueOf(field), JSON.convertValue(value, Object.class));
    }
    List<?> required = schema.get("required") instanceof List<?> list ? list : List.of();
    boolean complete = required.stream().allMatch(field -> content.containsKey(String.valueOf(field)));
    if (complete && !content.isEmpty()) return given(McpSchema.ElicitResult.accept(content));
    AskedForm form = AskedForm.of(request.message(), JSON.valueToTree(schema)).orElse(null);
    if (form == null) return given(McpSchema.ElicitResult.decline());
    if (form.confirmation()) {
      if (!consent.approved()) return new Reply.Ask(new ConfirmationAsked(tool, request.message()));
      properties.keySet().forEach(field -> content.put(String.valueOf(field), true));
      return given(McpSchema.ElicitResult.accept(content));
    }
    if (consent.form().isEmpty()) return new Reply.Ask(new FormAsked(tool, form));
    if (replyUsed) return given(McpSchema.ElicitResult.decline());
    replyUsed = true;
    CallConsent.FormReply reply = consent.form().get();
    return given(switch (reply.action()) {
      case ACCEPT -> McpSchema.ElicitResult.accept(JSON.convertValue(reply.content().orElseGet(JSON::createObjectNode),
          JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class)));
      case DECLINE -> McpSchema.ElicitResult.decline();
      case CANCEL -> McpSchema.ElicitResult.cancel();
    });
  }

  private static Reply given(McpSchema.ElicitResult result) {
    return new Reply.Given(result);
  }
}
