package io.parley.http.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.attachment.AttachmentKeys;
import io.parley.core.handoff.ContactEmail;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.MessageRules;
import io.parley.core.session.PageContext;
import io.parley.core.session.Rating;
import io.parley.core.session.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses client frames and writes server frames. Parsing never throws: a frame that is not valid
 * protocol v1 becomes a {@link Rejected} value carrying the error to send back, so one bad frame
 * costs the client an {@code error} frame, never the connection. Texts and ids follow the
 * {@link MessageRules} REST follows too.
 */
public final class FrameCodec {
  /** The most a form's answers may weigh as JSON: twenty fields of a few lines each. */
  static final int MAX_ANSWERS_CHARS = 8192;
  /** The outcome of parsing one client frame. */
  public sealed interface Parsed {}

  public record Valid(ClientFrame frame) implements Parsed {}

  /** At most this many files in one message. */
  public static final int MAX_ATTACHMENTS = 10;

  /**
   * The ids of a message's {@code attachments} (absent: none), as {@code POST /v1/sessions/{id}/attachments}
   * answered them; whether the session has them is the session's to say.
   */
  public static List<String> attachmentIds(JsonNode message) {
    JsonNode ids = message.get("attachments");
    if (ids == null || ids.isNull()) return List.of();
    if (!ids.isArray() || ids.size() > MAX_ATTACHMENTS) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, "attachments: at most " + MAX_ATTACHMENTS + " attachment ids");
    }
    List<String> read = new ArrayList<>();
    for (JsonNode id : ids) {
      if (!id.isTextual() || !AttachmentKeys.isId(id.asText())) {
        throw Refusal.of(ErrorCode.BAD_REQUEST, "attachments: " + id + " is not an attachment id");
      }
      if (!read.contains(id.asText())) read.add(id.asText());
    }
    return read;
  }

  /** A frame refused as read: {@code refused} is its type and {@code clientMsgId} a {@code user} frame's, when readable. */
  public record Rejected(ErrorCode code, String message, Optional<String> refused, Optional<String> clientMsgId)
      implements Parsed {
    public Rejected(ErrorCode code, String message) {
      this(code, message, Optional.empty(), Optional.empty());
    }

    public ServerFrame.Error error() {
      ServerFrame.Error error = ServerFrame.Error.of(code, message);
      return refused.map(type -> error.refusing(type, clientMsgId)).orElse(error);
    }
  }

  private final ObjectMapper json;
  private final MessageRules rules;

  public FrameCodec(ObjectMapper json, MessageRules rules) {
    this.json = json;
    this.rules = rules;
  }

  /** The largest raw frame worth parsing: the text limit with room for JSON escaping and the other fields. */
  public long maxFrameChars() {
    return rules.maxTextBytes() * 6 + 4096;
  }

  public Parsed parse(String raw) {
    JsonNode node;
    try {
      node = json.readTree(raw);
    } catch (JsonProcessingException e) {
      return new Rejected(ErrorCode.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) return new Rejected(ErrorCode.BAD_REQUEST, "a frame must be a JSON object");
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) return new Rejected(ErrorCode.BAD_REQUEST, "missing field: type");
    try {
      return switch (type.asText()) {
        case "start" -> new Valid(new ClientFrame.Start(
            optionalId(node, "sessionId"), optionalSeq(node, "resumeAfter"), optionalId(node, "userId"),
            MessageRules.webChannel(string(node, "channel").orElse("chat")), draft(node), language(string(node, "language"))));
        case "user" -> new Valid(new ClientFrame.User(
            MessageRules.id("clientMsgId", string(node, "clientMsgId").orElse(null)),
            rules.text(string(node, "text").orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: text"))),
            attachmentIds(node)));
        case "close" -> new Valid(new ClientFrame.Close(optionalId(node, "reason")));
        case "ping" -> new Valid(new ClientFrame.Ping());
        case "composing" -> new Valid(new ClientFrame.Composing());
        case "voice" -> voice(node);
        case "context" -> new Valid(new ClientFrame.Context(withKnownLanguage(PageContext.of(node.get("data")))));
        case "rate" -> new Valid(new ClientFrame.Rate(Rating.Given.of(node)));
        case "approve" -> new Valid(approve(node));
        case "contact" -> new Valid(contact(node));
        case "played" -> new Valid(new ClientFrame.Played(MessageRules.id("turnId", string(node, "turnId").orElse(null)),
            optionalSeq(node, "ms").orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: ms")),
            node.path("stopped").asBoolean(false)));
        default -> new Rejected(ErrorCode.BAD_REQUEST, "unknown frame type: " + type.asText(),
            Optional.of(type.asText()), Optional.empty());
      };
    } catch (Refusal refused) {
      return new Rejected(refused.code(), refused.getMessage(), Optional.of(type.asText()),
          type.asText().equals("user") ? readableId(node, "clientMsgId") : Optional.empty());
    }
  }

  /** A valid id in {@code field}, for naming what an error refuses; empty when it is missing or invalid. */
  private static Optional<String> readableId(JsonNode node, String field) {
    try {
      return Optional.of(MessageRules.id(field, string(node, field).orElse(null)));
    } catch (Refusal invalid) {
      return Optional.empty();
    }
  }

  /**
   * {@code {"approvalId", "approved": true|false, "reason"?, "answers"?}}: a form's answers an object of at most
   * {@link #MAX_ANSWERS_CHARS} characters, which the session checks against its form.
   */
  private ClientFrame.Approve approve(JsonNode node) {
    String approvalId = MessageRules.id("approvalId", string(node, "approvalId").orElse(null));
    JsonNode approved = node.get("approved");
    if (approved == null || !approved.isBoolean()) throw Refusal.of(ErrorCode.BAD_REQUEST, "approved must be true or false");
    JsonNode answers = node.get("answers");
    if (answers != null && !answers.isNull() && (!answers.isObject() || answers.toString().length() > MAX_ANSWERS_CHARS)) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, "answers must be an object of the form's fields, of at most "
          + MAX_ANSWERS_CHARS + " characters");
    }
    return new ClientFrame.Approve(approvalId, approved.asBoolean(),
        string(node, "reason").filter(reason -> !reason.isBlank()).map(rules::text),
        Optional.ofNullable(answers).filter(JsonNode::isObject));
  }

  /** {@code {"email"?, "transcript"?}}: no email when the customer declines; one that is not an address is refused. */
  private static ClientFrame.Contact contact(JsonNode node) {
    Optional<String> email = string(node, "email").filter(text -> !text.isBlank()).map(raw ->
        ContactEmail.parse(raw).orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, ContactEmail.refusal())));
    return new ClientFrame.Contact(email, node.path("transcript").asBoolean(false));
  }

  private static Parsed voice(JsonNode node) {
    String action = string(node, "action").orElse("");
    return switch (action) {
      case "start" -> new Valid(new ClientFrame.VoiceStart(
          (int) optionalSeq(node, "sampleRate").orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: sampleRate"))));
      case "stop" -> new Valid(new ClientFrame.VoiceStop());
      default -> new Rejected(ErrorCode.BAD_REQUEST, "voice action must be start or stop, got " + action,
          Optional.of("voice"), Optional.empty());
    };
  }

  /** The language a frame says, refused as a {@code bad_request} naming it when it is not a known BCP 47 tag. */
  private static Optional<LanguageTag> language(Optional<String> said) {
    return said.map(raw -> LanguageTag.parse(raw).orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST,
        "unknown language tag: " + raw + " (expected a BCP 47 tag of an ISO 639 language, e.g. de or pt-BR)")));
  }

  /** A page context whose {@code language} field, when it has one, is a known language. */
  private static PageContext withKnownLanguage(PageContext page) {
    language(Optional.ofNullable(page.fields().get(PageContext.LANGUAGE_FIELD)));
    return page;
  }

  /** {@code "draft": true} asks for a test session on the draft; only for a new session. */
  private static boolean draft(JsonNode node) {
    JsonNode value = node.get("draft");
    if (value == null || value.isNull()) return false;
    if (!value.isBoolean()) throw Refusal.of(ErrorCode.BAD_REQUEST, "draft must be true or false");
    JsonNode sessionId = node.get("sessionId");
    if (value.booleanValue() && sessionId != null && !sessionId.isNull()) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, "draft starts a new session: leave out sessionId");
    }
    return value.booleanValue();
  }

  private Optional<String> optionalId(JsonNode node, String field) {
    return MessageRules.optionalId(field, string(node, field).orElse(null));
  }

  /** A string field: absent or null is empty, anything but a string is refused. */
  private static Optional<String> string(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isTextual()) throw Refusal.of(ErrorCode.BAD_REQUEST, field + " must be a string");
    return Optional.of(value.asText());
  }

  private static OptionalLong optionalSeq(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return OptionalLong.empty();
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
      throw Refusal.of(ErrorCode.BAD_REQUEST, field + " must be a non-negative integer");
    }
    return OptionalLong.of(value.asLong());
  }

  public String write(ServerFrame frame) {
    try {
      return json.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("server frame could not be encoded: " + frame, e);
    }
  }
}
