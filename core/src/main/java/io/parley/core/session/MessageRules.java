package io.parley.core.session;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a client may send as a message and its ids, on every edge (WebSocket frames, REST bodies):
 * one place, so the socket and the REST API refuse the same input with the same words. A refusal
 * is a {@link Refusal} to send back; nothing invalid reaches a session or the journal.
 *
 * <p>Besides size and emptiness, text must be well-formed UTF-16: JSON lets a client send a lone
 * surrogate ({@code "\ud800"}), which no UTF-8 journal column can store. Accepted, it would fail at
 * the write, and every retry with it.
 */
public final class MessageRules {
  /** Longest client-chosen id (clientMsgId, userId, sessionId, reason). */
  public static final int MAX_ID_LENGTH = 128;

  private final long maxTextBytes;

  public MessageRules(long maxTextBytes) {
    this.maxTextBytes = maxTextBytes;
  }

  public long maxTextBytes() {
    return maxTextBytes;
  }

  /** A message's text: not blank, within the byte limit, well-formed. */
  public String text(String text) {
    if (text == null || text.isBlank()) throw bad("text must not be empty");
    requireWellFormed("text", text);
    long bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxTextBytes) {
      throw Refusal.of(ErrorCode.TOO_LARGE, "text is " + bytes + " bytes; the limit is " + maxTextBytes);
    }
    return text;
  }

  /** A required id, e.g. {@code clientMsgId}: trimmed, not empty, at most {@value #MAX_ID_LENGTH} characters. */
  public static String id(String field, String value) {
    return optionalId(field, value).orElseThrow(() -> bad("missing field: " + field));
  }

  /** An optional id, e.g. {@code userId}: absent or blank is empty; otherwise as {@link #id}. */
  public static Optional<String> optionalId(String field, String value) {
    if (value == null) return Optional.empty();
    String trimmed = value.trim();
    if (trimmed.length() > MAX_ID_LENGTH) throw bad(field + " is longer than " + MAX_ID_LENGTH + " characters");
    requireWellFormed(field, trimmed);
    return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
  }

  /**
   * The channel a client of the socket or the REST API asks a new session for: {@code chat} or
   * {@code voice}. Phone sessions are started by the node's own telephony bridge, for a call it
   * answered; one started by a client would pass for a caller that never rang. Evaluation sessions
   * are started by the node's evaluation runs only, so none passes for a test that never ran.
   */
  public static Channel webChannel(String wireName) {
    Channel channel;
    try {
      channel = Channel.fromWireName(wireName);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    if (channel == Channel.PHONE) throw bad("a web page cannot start a phone session");
    if (channel == Channel.EVALUATION) throw bad("evaluation sessions are started by evaluation runs (POST /v1/evaluations/runs)");
    if (channel == Channel.A2A) throw bad("a2a sessions are started by an A2A client's message (POST /v1/a2a/{tenant})");
    return channel;
  }

  private static void requireWellFormed(String field, String value) {
    int at = unpairedSurrogate(value);
    if (at >= 0) throw bad(field + " holds an unpaired UTF-16 surrogate at position " + at + "; send well-formed Unicode text");
  }

  /** Whether {@code value} is well-formed UTF-16 (no unpaired surrogate), as every stored text must be. */
  public static boolean wellFormed(String value) {
    return unpairedSurrogate(value) < 0;
  }

  private static int unpairedSurrogate(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private static Refusal bad(String message) {
    return Refusal.of(ErrorCode.BAD_REQUEST, message);
  }
}
