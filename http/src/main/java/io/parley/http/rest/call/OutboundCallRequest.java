package io.parley.http.rest.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.campaign.VoicemailText;
import io.parley.core.session.PageContext;
import io.parley.core.session.Refusal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code POST /v1/calls} body: {@code to} (required), {@code botVersion} (a published version;
 * absent: the current one), {@code callerId} (absent: the trunk's), and {@code context}:
 * {@code purpose} (why the bot calls) and {@code lead} (the lead's named fields). The context is the
 * session's, fields {@code call.purpose} and {@code lead.<name>}: what the tenant tells the bot,
 * which the model reads fenced as data and redacted like a message, never as instructions.
 * {@code voicemail} is the message left on an answering machine, when the tenant's bot configuration
 * says to leave one ({@code voice.answeringMachine}): one text, or a text per language
 * ({@link VoicemailText}); without one for the call's language, the tenant's own
 * ({@code voice.voicemailMessage}). A campaign's dialler makes one per lead, with the campaign's message.
 */
public record OutboundCallRequest(String to, Optional<Integer> botVersion, Optional<String> callerId, PageContext context,
    VoicemailText voicemail) {
  private static final List<String> FIELDS = List.of("to", "botVersion", "callerId", "context", "voicemail");
  private static final List<String> CONTEXT_FIELDS = List.of("purpose", "lead");

  /** @throws IllegalArgumentException saying what is wrong */
  public static OutboundCallRequest of(JsonNode body) {
    known(body, FIELDS, "");
    JsonNode to = body.path("to");
    if (!to.isTextual() || to.asText().isBlank()) {
      throw new IllegalArgumentException("to is required: " + OutboundTarget.EXPECTED);
    }
    Optional<Integer> version = Optional.empty();
    JsonNode botVersion = body.path("botVersion");
    if (!botVersion.isMissingNode() && !botVersion.isNull()) {
      if (!botVersion.canConvertToInt() || !botVersion.isIntegralNumber() || botVersion.asInt() < 1) {
        throw new IllegalArgumentException("botVersion must be a published version's number (1 or more)");
      }
      version = Optional.of(botVersion.asInt());
    }
    Optional<String> callerId = Optional.empty();
    JsonNode caller = body.path("callerId");
    if (!caller.isMissingNode() && !caller.isNull()) {
      if (!caller.isTextual()) throw new IllegalArgumentException("callerId must be a string: " + CallerIds.EXPECTED);
      callerId = Optional.of(CallerIds.checked("callerId", caller.asText()));
    }
    return new OutboundCallRequest(to.asText(), version, callerId, context(body.path("context")),
        VoicemailText.of(body.path("voicemail"), "voicemail"));
  }

  private static PageContext context(JsonNode context) {
    if (context.isMissingNode() || context.isNull()) return new PageContext(Map.of());
    if (!context.isObject()) throw new IllegalArgumentException("context must be an object {\"purpose\", \"lead\"}");
    known(context, CONTEXT_FIELDS, "context.");
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    JsonNode purpose = context.path("purpose");
    if (!purpose.isMissingNode() && !purpose.isNull()) {
      if (!purpose.isTextual()) throw new IllegalArgumentException("context.purpose must be a string");
      fields.set("call.purpose", purpose);
    }
    JsonNode lead = context.path("lead");
    if (!lead.isMissingNode() && !lead.isNull()) {
      if (!lead.isObject()) throw new IllegalArgumentException("context.lead must be an object of named fields");
      for (Iterator<Map.Entry<String, JsonNode>> each = lead.fields(); each.hasNext(); ) {
        Map.Entry<String, JsonNode> field = each.next();
        fields.set("lead." + field.getKey(), field.getValue());
      }
    }
    try {
      return PageContext.of(fields);
    } catch (Refusal refused) {
      throw new IllegalArgumentException("context: " + refused.getMessage());
    }
  }

  private static void known(JsonNode body, List<String> fields, String prefix) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new IllegalArgumentException("unknown field \"" + prefix + name + "\"; the fields are "
            + String.join(", ", fields.stream().map(field -> prefix + field).toList()));
      }
    }
  }
}
