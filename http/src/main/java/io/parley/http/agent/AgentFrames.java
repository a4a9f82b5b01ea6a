package io.parley.http.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.MessageRules;
import io.parley.core.session.Refusal;
import io.parley.core.session.Translation;
import io.parley.http.chat.FrameCodec;
import java.util.Optional;

/**
 * Reads an agent console's frames and writes the server's. A frame that is not valid is a
 * {@link Refusal} to send back as an {@code error} frame; the socket stays open.
 */
final class AgentFrames {
  private final ObjectMapper json;
  private final MessageRules rules;

  AgentFrames(ObjectMapper json, MessageRules rules) {
    this.json = json;
    this.rules = rules;
  }

  long maxFrameChars() {
    return rules.maxTextBytes() * 6 + 4096;
  }

  AgentFrame parse(String raw) {
    if (raw.length() > maxFrameChars()) throw Refusal.of(ErrorCode.TOO_LARGE, "frame exceeds " + maxFrameChars() + " characters");
    JsonNode node;
    try {
      node = json.readTree(raw);
    } catch (JsonProcessingException e) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) throw Refusal.of(ErrorCode.BAD_REQUEST, "a frame must be a JSON object");
    String type = string(node, "type").orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: type"));
    return switch (type) {
      case "open" -> new AgentFrame.Open(sessionId(node));
      case "take" -> new AgentFrame.Take(sessionId(node));
      case "takeNext" -> new AgentFrame.TakeNext();
      case "reply" -> new AgentFrame.Reply(sessionId(node), MessageRules.id("clientMsgId", string(node, "clientMsgId").orElse(null)),
          rules.text(string(node, "text").orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: text"))),
          string(node, "translateFrom").map(tag -> language("translateFrom", tag)), translated(node),
          FrameCodec.attachmentIds(node), node.has("asWritten") && flag(node, "asWritten"));
      case "previewReply" -> new AgentFrame.PreviewReply(sessionId(node),
          rules.text(string(node, "text").orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: text"))),
          language("translateFrom", string(node, "translateFrom")
              .orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: translateFrom"))));
      case "translate" -> new AgentFrame.Translate(sessionId(node), language("language",
          string(node, "language").orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: language"))));
      case "handBack" -> new AgentFrame.HandBack(sessionId(node));
      case "suggest" -> new AgentFrame.Suggest(sessionId(node));
      case "leave" -> new AgentFrame.Leave(sessionId(node));
      case "close" -> new AgentFrame.Close(sessionId(node), MessageRules.optionalId("reason", string(node, "reason").orElse(null)));
      case "composing" -> new AgentFrame.Composing(sessionId(node));
      case "autoAssign" -> new AgentFrame.AutoAssign(flag(node, "enabled"));
      case "ping" -> new AgentFrame.Ping();
      case "approve" -> new AgentFrame.Approve(sessionId(node),
          MessageRules.id("approvalId", string(node, "approvalId").orElse(null)), flag(node, "approved"),
          string(node, "reason").filter(reason -> !reason.isBlank()).map(rules::text));
      default -> throw Refusal.of(ErrorCode.BAD_REQUEST, "unknown frame type: " + type);
    };
  }

  String write(AgentServerFrame frame) {
    try {
      return json.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("agent frame could not be encoded: " + frame, e);
    }
  }

  /** A reply's {@code translated}: {@code {"original", "from", "to"}}, what the agent wrote before a previewed translation. */
  private Optional<Translation> translated(JsonNode node) {
    JsonNode value = node.get("translated");
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isObject()) throw Refusal.of(ErrorCode.BAD_REQUEST, "translated must be an object of original, from and to");
    return Optional.of(new Translation(rules.text(string(value, "original")
        .orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: translated.original"))),
        language("translated.from", string(value, "from").orElse("")),
        language("translated.to", string(value, "to").orElse(""))));
  }

  private String sessionId(JsonNode node) {
    return MessageRules.id("sessionId", string(node, "sessionId").orElse(null));
  }

  /** {@code raw} in canonical form, when it is a BCP 47 tag of an ISO 639 language. */
  private static String language(String field, String raw) {
    return LanguageTag.parse(raw).map(LanguageTag::tag).orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST,
        field + " must be a BCP 47 language tag, got '" + raw + "'"));
  }

  private static boolean flag(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isBoolean()) throw Refusal.of(ErrorCode.BAD_REQUEST, field + " must be true or false");
    return value.booleanValue();
  }

  private static Optional<String> string(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isTextual()) throw Refusal.of(ErrorCode.BAD_REQUEST, field + " must be a string");
    return Optional.of(value.asText());
  }
}
