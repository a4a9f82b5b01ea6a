package io.parley.frontdoor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * The server side of a WebSocket (RFC 6455, sections 5 and 7) once the handshake is done, as a
 * single stage: a connection costs one stage logic and a few fields, not Pekko HTTP's pipeline.
 *
 * <p>Lifecycle: frames are read only while the app wants a message (or, once the app's input is
 * over, to see the client's close). A close from the client is echoed, ends the app's input and
 * then the bytes out. The app finishing its output sends close 1000 (1011 if it failed) and waits
 * up to {@code closeTimeout} for the client's close, so the client reads our close before the TCP
 * close. A protocol error sends its close code, ends the app's input and stops reading. The app
 * must send strict messages: a streamed one fails the stage with an IllegalArgumentException.
 */
final class WebSocketFraming {

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
  static final int NO_MESSAGE = -1;

  static final int FIN = 0x80;

  private WebSocketFraming() {}

  /**
   * Server side of RFC 6455 after the handshake: bytes from the client in, messages to the app;
   * messages from the app in, bytes to the client.
   *
   * @param handshakeAnswer written to the client before any frame (the 101 response; may be empty)
   * @param keepAliveIdle how long the client may hear nothing before we ping it; zero for never
   * @param closeTimeout how long to wait for the client's close after ours
   */
  public static BidiFlow<ByteString, Message, Message, ByteString, NotUsed> server(
      ByteString handshakeAnswer, int maxMessageBytes, Duration keepAliveIdle, Duration closeTimeout) {
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
    }
    if (keepAliveIdle.isNegative() || closeTimeout.isNegative() || closeTimeout.isZero()) {
      throw new IllegalArgumentException(
          "keepAliveIdle must be zero or positive and closeTimeout positive, were "
              + keepAliveIdle + " and " + closeTimeout);
    }
    return BidiFlow.fromGraph(new ServerStage(handshakeAnswer, maxMessageBytes, keepAliveIdle, closeTimeout));
  }

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

  private static final class ServerStage extends GraphStage<BidiShape<ByteString, Message, Message, ByteString>> {
    private final Inlet<ByteString> fromClient = Inlet.create("WebSocketFraming.fromClient");
    private final Outlet<Message> toApp = Outlet.create("WebSocketFraming.toApp");
    private final Inlet<Message> fromApp = Inlet.create("WebSocketFraming.fromApp");
    private final Outlet<ByteString> toClient = Outlet.create("WebSocketFraming.toClient");
    private final BidiShape<ByteString, Message, Message, ByteString> shape =
        BidiShape.of(fromClient, toApp, fromApp, toClient);
    private final ByteString handshakeAnswer;
    private final int maxMessageBytes;
    private final Duration keepAliveIdle;
    private final Duration closeTimeout;

    ServerStage(ByteString handshakeAnswer, int maxMessageBytes, Duration keepAliveIdle, Duration closeTimeout) {
      this.handshakeAnswer = handshakeAnswer;
      this.maxMessageBytes = maxMessageBytes;
      this.keepAliveIdle = keepAliveIdle;
      this.closeTimeout = closeTimeout;
    }

    @Override
    public BidiShape<ByteString, Message, Message, ByteString> shape() {
      return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
      return new WebSocketConnection(shape, handshakeAnswer, maxMessageBytes, keepAliveIdle, closeTimeout);
    }
  }

  static void unmask(byte[] bytes, int from, int count, int maskKey, int maskOffset) {
    for (int i = 0; i < count; i++) {
      bytes[from + i] ^= (byte) (maskKey >>> (24 - 8 * ((maskOffset + i) & 3)));
    }
  }
}
