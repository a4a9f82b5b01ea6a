package io.parley.frontdoor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.util.ByteString;

/**
 * The data message a WebSocket connection is reading, its frames unmasked into one array that
 * grows up to the largest message allowed: a message sent one byte a frame costs its bytes, not a
 * ByteString per fragment. A text message's UTF-8 is checked as it arrives, so an invalid one
 * closes at its first bad byte.
 */
final class IncomingMessage {
  private static final int NO_MESSAGE = -1;

  private final int maxBytes;
  private int opcode = NO_MESSAGE;
  private byte[] bytes;
  private int length;
  private Utf8Check text;

  IncomingMessage(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Whether a message's first frame was read and its last one not yet. */
  boolean isOpen() {
    return opcode != NO_MESSAGE;
  }

  /** Whether a frame of {@code frameBytes} keeps the message within the largest allowed. */
  boolean fits(long frameBytes) {
    return frameBytes <= maxBytes - length;
  }

  void begin(int dataOpcode) {
    opcode = dataOpcode;
    text = dataOpcode == WebSocketFrames.TEXT ? new Utf8Check() : null;
  }

  /** Appends the first {@code count} bytes of {@code masked}; false once a text's UTF-8 is broken. */
  boolean append(ByteString masked, int count, int maskKey, int maskOffset) {
    ensureRoom(count);
    masked.take(count).copyToBuffer(ByteBuffer.wrap(bytes, length, count));
    WebSocketFrames.unmask(bytes, length, count, maskKey, maskOffset);
    length += count;
    return text == null || text.accept(bytes, length - count, length);
  }

  /** The whole message, or empty for a text ending inside a character; the next message starts afresh. */
  Optional<Message> finish() {
    byte[] whole = bytes == null ? new byte[0] : bytes;
    int wholeLength = length;
    Utf8Check checked = text;
    // The array goes to the app with the message; the next message starts a new one.
    bytes = null;
    length = 0;
    opcode = NO_MESSAGE;
    text = null;
    if (checked == null) {
      return Optional.of(BinaryMessage.create(ByteString.fromArrayUnsafe(whole, 0, wholeLength)));
    }
    return checked.whole()
        ? Optional.of(TextMessage.create(new String(whole, 0, wholeLength, StandardCharsets.UTF_8)))
        : Optional.empty();
  }

  /** Grows the array by doubling, never past maxBytes (the frame's header was checked against it). */
  private void ensureRoom(int count) {
    int needed = length + count;
    if (bytes == null || bytes.length < needed) {
      int doubled = bytes == null ? needed : Math.max(needed, (int) Math.min(maxBytes, 2L * bytes.length));
      bytes = Arrays.copyOf(bytes == null ? new byte[0] : bytes, doubled);
    }
  }
}
