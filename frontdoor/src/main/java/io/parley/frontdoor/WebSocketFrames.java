package io.parley.frontdoor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/** RFC 6455's wire format as the server side uses it: opcodes, close codes, and frames as it writes them. */
final class WebSocketFrames {
  static final int NORMAL_CLOSURE = 1000;
  static final int GOING_AWAY = 1001;
  static final int PROTOCOL_ERROR = 1002;
  static final int INVALID_PAYLOAD = 1007;
  static final int MESSAGE_TOO_BIG = 1009;
  static final int INTERNAL_ERROR = 1011;

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  static final int FIN = 0x80;

  private WebSocketFrames() {}

  /** A frame as the server writes it: whole (FIN set) and unmasked. */
  static ByteString frame(int opcode, ByteString payload) {
    int length = payload.size();
    byte[] header;
    if (length < 126) {
      header = new byte[] {(byte) (FIN | opcode), (byte) length};
    } else if (length <= 0xFFFF) {
      header = new byte[] {(byte) (FIN | opcode), 126, (byte) (length >>> 8), (byte) length};
    } else {
      header = new byte[10];
      header[0] = (byte) (FIN | opcode);
      header[1] = 127;
      for (int i = 0; i < 4; i++) {
        header[9 - i] = (byte) (length >>> (8 * i));
      }
    }
    return ByteString.fromArrayUnsafe(header).concat(payload);
  }

  static ByteString closeFrame(int code) {
    return frame(CLOSE, ByteString.fromArrayUnsafe(new byte[] {(byte) (code >>> 8), (byte) code}));
  }

  static boolean isControl(int opcode) {
    return (opcode & 0x8) != 0;
  }

  static boolean isKnown(int opcode) {
    return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
  }

  /** Codes a peer may send (RFC 6455 7.4, and 1012-1014 registered with IANA since). */
  static boolean isSendableCloseCode(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  static String decodeUtf8(ByteBuffer bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(bytes)
        .toString();
  }

  static void unmask(byte[] bytes, int from, int count, int maskKey, int maskOffset) {
    for (int i = 0; i < count; i++) {
      bytes[from + i] ^= (byte) (maskKey >>> (24 - 8 * ((maskOffset + i) & 3)));
    }
  }
}
