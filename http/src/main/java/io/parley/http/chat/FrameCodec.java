package io.parley.http.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.session.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses client frames and writes server frames. Parsing never throws: a frame that is not valid
 * protocol v1 becomes a {@link Rejected} value carrying the error to send back, so one bad frame
 * costs the client an {@code error} frame, never the connection.
 */
public final class FrameCodec {
  /** The outcome of parsing one client frame. */
  public sealed interface Parsed {}

  public record Valid(ClientFrame frame) implements Parsed {}

  public record Rejected(ErrorCode code, String message) implements Parsed {}

  /** Longest client-chosen id (clientMsgId, userId, reason), on the socket and in REST bodies alike. */
  public static final int MAX_ID_LENGTH = 128;

  private final ObjectMapper json;
  private final long maxTextBytes;

  public FrameCodec(ObjectMapper json, long maxTextBytes) {
    this.json = json;
    this.maxTextBytes = maxTextBytes;
  }

  /** The largest raw frame worth parsing: the text limit with room for JSON escaping and the other fields. */
  public long maxFrameChars() {
    return maxTextBytes * 6 + 4096;
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
            optionalText(node, "sessionId"), optionalSeq(node, "resumeAfter"), optionalText(node, "userId")));
        case "user" -> user(node);
        case "close" -> new Valid(new ClientFrame.Close(optionalText(node, "reason")));
        case "ping" -> new Valid(new ClientFrame.Ping());
        default -> new Rejected(ErrorCode.BAD_REQUEST, "unknown frame type: " + type.asText());
      };
    } catch (IllegalArgumentException e) {
      return new Rejected(ErrorCode.BAD_REQUEST, e.getMessage());
    }
  }

  private Parsed user(JsonNode node) {
    String clientMsgId = optionalText(node, "clientMsgId")
        .orElseThrow(() -> new IllegalArgumentException("missing field: clientMsgId"));
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual()) throw new IllegalArgumentException("missing field: text");
    long bytes = text.asText().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxTextBytes) {
      return new Rejected(ErrorCode.TOO_LARGE, "text is " + bytes + " bytes; the limit is " + maxTextBytes);
    }
    if (text.asText().isBlank()) throw new IllegalArgumentException("text must not be empty");
    return new Valid(new ClientFrame.User(clientMsgId, text.asText()));
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isTextual()) throw new IllegalArgumentException(field + " must be a string");
    String text = value.asText().trim();
    if (text.length() > MAX_ID_LENGTH) throw new IllegalArgumentException(field + " is longer than " + MAX_ID_LENGTH + " characters");
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static OptionalLong optionalSeq(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return OptionalLong.empty();
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
      throw new IllegalArgumentException(field + " must be a non-negative integer");
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
