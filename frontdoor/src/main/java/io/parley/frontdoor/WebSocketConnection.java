package io.parley.frontdoor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

// Over 450 lines: one stage holds RFC 6455's reading, writing and closing, whose states depend on each other.
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
  private static final int NO_MESSAGE = -1;

  static final int FIN = 0x80;
  private static final int RESERVED_BITS = 0x70;
  private static final int MASKED = 0x80;
  private static final int MAX_CONTROL_PAYLOAD_BYTES = 125;
  private static final int MASK_KEY_BYTES = 4;

  // A client that takes none of our bytes is the port's to reset (its write deadline), not the framing's.
  private static final String KEEP_ALIVE = "keep-alive";
  private static final String CLOSE_TIMEOUT = "close-timeout";

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

  private static boolean isControl(int opcode) {
    return (opcode & 0x8) != 0;
  }

  private static boolean isKnown(int opcode) {
    return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
  }

  /** Codes a peer may send (RFC 6455 7.4, and 1012-1014 registered with IANA since). */
  private static boolean isSendableCloseCode(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  private static String decodeUtf8(ByteBuffer bytes) throws CharacterCodingException {
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
      return new Connection();
    }

    private final class Connection extends TimerGraphStageLogic {
      // Reading: bytes not yet parsed (at most the rest of one TCP chunk, as reading pauses
      // while the app has no demand), the frame being read, and the data message being assembled.
      private ByteString unparsed = ByteString.emptyByteString();
      private boolean inFrame;
      private int frameOpcode;
      private int maskKey;
      private int maskOffset;
      private long frameBytesLeft;
      private boolean frameFin;
      private ByteString controlPayload = ByteString.emptyByteString();
      private int messageOpcode = NO_MESSAGE;
      // The data message so far, unmasked into one array that grows up to maxMessageBytes: a
      // message sent one byte a frame costs its bytes, not a ByteString per fragment.
      private byte[] message;
      private int messageLength;
      // A text message's UTF-8, checked as it arrives: an invalid one closes at its first bad byte.
      private Utf8Check text;
      private boolean readingStopped;

      // Writing: frames the client has not yet asked for, at most an app frame, a pong or ping
      // and our close, since the app is only pulled when nothing is waiting.
      private ByteString unwritten = ByteString.emptyByteString();
      private boolean pongUnwritten;
      private boolean closeSent;
      private boolean finishWhenWritten;
      private long lastWriteNanos;

      Connection() {
        super(shape);
        setHandler(fromClient, new AbstractInHandler() {
          @Override
          public void onPush() {
            unparsed = unparsed.concat(grab(fromClient));
            parse();
          }

          @Override
          public void onUpstreamFinish() {
            parse();
          }
        });
        setHandler(toApp, new AbstractOutHandler() {
          @Override
          public void onPull() {
            parse();
          }

          @Override
          public void onDownstreamFinish(Throwable cause) {
            // The app stopped listening but may still talk: keep reading for pings and the close.
            parse();
          }
        });
        setHandler(fromApp, new AbstractInHandler() {
          @Override
          public void onPush() {
            write(appFrame(grab(fromApp)));
          }

          @Override
          public void onUpstreamFinish() {
            beginClose(NORMAL_CLOSURE);
          }

          @Override
          public void onUpstreamFailure(Throwable ex) {
            beginClose(INTERNAL_ERROR);
          }
        });
        setHandler(toClient, new AbstractOutHandler() {
          @Override
          public void onPull() {
            if (unwritten.isEmpty()) {
              if (!closeSent && !hasBeenPulled(fromApp)) {
                pull(fromApp);
              }
            } else {
              boolean pausedForPong = pongUnwritten;
              flush();
              if (pausedForPong) {
                parse();
              }
            }
          }
        });
      }

      @Override
      public void preStart() {
        // Queued as the first bytes out: one stage, rather than a source of its own prepended.
        unwritten = handshakeAnswer;
        lastWriteNanos = System.nanoTime();
        if (!keepAliveIdle.isZero()) {
          scheduleOnce(KEEP_ALIVE, keepAliveIdle);
        }
      }

      @Override
      public void onTimer(Object timerKey) {
        if (CLOSE_TIMEOUT.equals(timerKey)) {
          completeStage();
        } else if (!closeSent) {
          maybePing();
        }
      }

      /** Pings if nothing was written for keepAliveIdle; the timer is re-armed here, not on each write. */
      private void maybePing() {
        long silentNanos = System.nanoTime() - lastWriteNanos;
        long idleLeftNanos = keepAliveIdle.toNanos() - silentNanos;
        if (idleLeftNanos <= 0) {
          if (unwritten.isEmpty()) {
            write(frame(PING, ByteString.emptyByteString()));
          }
          idleLeftNanos = keepAliveIdle.toNanos();
        }
        scheduleOnce(KEEP_ALIVE, Duration.ofNanos(idleLeftNanos));
      }

      /**
       * Frames are read while the app can take a message, or is gone and only the close matters.
       * An unwritten pong pauses reading: a client flooding pings is back-pressured through TCP
       * rather than queueing pongs without bound.
       */
      private boolean wantsInput() {
        return !readingStopped && !pongUnwritten && (isAvailable(toApp) || isClosed(toApp));
      }

      private void parse() {
        while (wantsInput()) {
          if (!inFrame) {
            if (!readHeader()) {
              break;
            }
          } else {
            readPayload();
            if (readingStopped || frameBytesLeft > 0) {
              break;
            }
            inFrame = false;
            endFrame();
          }
        }
        if (wantsInput()) {
          if (isClosed(fromClient)) {
            // The client's bytes ended without a close: the port is closing the socket (a client
            // that closed its TCP side reads nothing more anyway).
            finishAfter(closeFrame(GOING_AWAY));
          } else if (!hasBeenPulled(fromClient)) {
            pull(fromClient);
          }
        }
      }

      /** Starts a frame if its whole header has arrived; a header breaking the protocol closes. */
      private boolean readHeader() {
        if (unparsed.size() < 2) {
          return false;
        }
        int first = unparsed.apply(0) & 0xFF;
        int second = unparsed.apply(1) & 0xFF;
        int opcode = first & 0x0F;
        boolean fin = (first & FIN) != 0;
        int lengthCode = second & 0x7F;
        boolean outOfSequence = opcode == CONTINUATION
            ? messageOpcode == NO_MESSAGE
            : !isControl(opcode) && messageOpcode != NO_MESSAGE;
        boolean badControl = isControl(opcode) && (!fin || lengthCode > MAX_CONTROL_PAYLOAD_BYTES);
        if ((first & RESERVED_BITS) != 0 || (second & MASKED) == 0 || !isKnown(opcode)
            || outOfSequence || badControl) {
          failConnection(PROTOCOL_ERROR);
          return false;
        }
        int lengthBytes = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
        int headerBytes = 2 + lengthBytes + MASK_KEY_BYTES;
        if (unparsed.size() < headerBytes) {
          return false;
        }
        long length = lengthBytes == 0 ? lengthCode : readBigEndian(2, lengthBytes);
        if (length < 0) {
          failConnection(PROTOCOL_ERROR);
          return false;
        }
        // Refused on the declared length, before any of the payload is buffered.
        if (!isControl(opcode) && length > maxMessageBytes - messageLength) {
          failConnection(MESSAGE_TOO_BIG);
          return false;
        }
        maskKey = (int) readBigEndian(2 + lengthBytes, MASK_KEY_BYTES);
        unparsed = unparsed.drop(headerBytes);
        inFrame = true;
        frameOpcode = opcode;
        frameFin = fin;
        frameBytesLeft = length;
        maskOffset = 0;
        if (opcode == TEXT || opcode == BINARY) {
          messageOpcode = opcode;
          text = opcode == TEXT ? new Utf8Check() : null;
        }
        return true;
      }

      private long readBigEndian(int offset, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
          value = (value << 8) | (unparsed.apply(offset + i) & 0xFF);
        }
        return value;
      }

      private void readPayload() {
        int count = (int) Math.min(frameBytesLeft, unparsed.size());
        if (count == 0) {
          return;
        }
        if (isControl(frameOpcode)) {
          byte[] bytes = unparsed.take(count).toArray();
          unmask(bytes, 0, count);
          controlPayload = controlPayload.concat(ByteString.fromArrayUnsafe(bytes));
        } else {
          ensureMessageRoom(count);
          unparsed.take(count).copyToBuffer(ByteBuffer.wrap(message, messageLength, count));
          unmask(message, messageLength, count);
          messageLength += count;
          if (text != null && !text.accept(message, messageLength - count, messageLength)) {
            failConnection(INVALID_PAYLOAD);
            return;
          }
        }
        unparsed = unparsed.drop(count);
        maskOffset = (maskOffset + count) & 3;
        frameBytesLeft -= count;
      }

      private void unmask(byte[] bytes, int from, int count) {
        for (int i = 0; i < count; i++) {
          bytes[from + i] ^= (byte) (maskKey >>> (24 - 8 * ((maskOffset + i) & 3)));
        }
      }

      /** Grows the message's array by doubling, never past maxMessageBytes (the frame's header was checked against it). */
      private void ensureMessageRoom(int count) {
        int needed = messageLength + count;
        if (message == null || message.length < needed) {
          int doubled = message == null ? needed : Math.max(needed, (int) Math.min(maxMessageBytes, 2L * message.length));
          message = Arrays.copyOf(message == null ? new byte[0] : message, doubled);
        }
      }

      private void endFrame() {
        ByteString payload = controlPayload;
        controlPayload = ByteString.emptyByteString();
        switch (frameOpcode) {
          case PING -> maybePong(payload);
          case PONG -> { }
          case CLOSE -> onClientClose(payload);
          default -> {
            if (frameFin) {
              endMessage();
            }
          }
        }
      }

      private void maybePong(ByteString payload) {
        if (!closeSent) {
          write(frame(PONG, payload));
          pongUnwritten = !unwritten.isEmpty();
        }
      }

      private void onClientClose(ByteString payload) {
        if (closeSent || payload.isEmpty()) {
          // Either the answer to our close, or a close without a code, answered likewise.
          finishAfter(frame(CLOSE, ByteString.emptyByteString()));
          return;
        }
        int code = payload.size() < 2 ? 0 : ((payload.apply(0) & 0xFF) << 8) | (payload.apply(1) & 0xFF);
        if (!isSendableCloseCode(code)) {
          failConnection(PROTOCOL_ERROR);
          return;
        }
        try {
          decodeUtf8(payload.drop(2).asByteBuffer());
        } catch (CharacterCodingException e) {
          failConnection(INVALID_PAYLOAD);
          return;
        }
        finishAfter(closeFrame(code));
      }

      private void endMessage() {
        byte[] bytes = message == null ? new byte[0] : message;
        int length = messageLength;
        Utf8Check checked = text;
        // The array goes to the app with the message; the next message starts a new one.
        message = null;
        messageLength = 0;
        messageOpcode = NO_MESSAGE;
        text = null;
        Message received;
        if (checked != null) {
          if (!checked.whole()) {
            failConnection(INVALID_PAYLOAD);
            return;
          }
          received = TextMessage.create(new String(bytes, 0, length, StandardCharsets.UTF_8));
        } else {
          received = BinaryMessage.create(ByteString.fromArrayUnsafe(bytes, 0, length));
        }
        if (!isClosed(toApp)) {
          push(toApp, received);
        }
      }

      private ByteString appFrame(Message message) {
        if (!message.isStrict()) {
          throw new IllegalArgumentException(
              "WebSocketFraming writes strict messages only; the app sent a streamed one");
        }
        return message.isText()
            ? frame(TEXT, ByteString.fromString(message.asTextMessage().getStrictText(), StandardCharsets.UTF_8))
            : frame(BINARY, message.asBinaryMessage().getStrictData());
      }

      /** The app is done talking: close, and give the client closeTimeout to close back. */
      private void beginClose(int code) {
        closeSent = true;
        complete(toApp);
        write(closeFrame(code));
        scheduleOnce(CLOSE_TIMEOUT, closeTimeout);
        parse();
      }

      private void failConnection(int code) {
        finishAfter(closeFrame(code));
      }

      /**
       * Stops reading, ends the app's input, and completes the bytes out once everything queued
       * (and {@code lastFrame}, unless a close was already sent or it is empty) is written.
       */
      private void finishAfter(ByteString lastFrame) {
        readingStopped = true;
        complete(toApp);
        cancel(fromApp);
        if (!closeSent && !lastFrame.isEmpty()) {
          closeSent = true;
          unwritten = unwritten.concat(lastFrame);
        }
        finishWhenWritten = true;
        flush();
        // A client that no longer reads does not hold the connection open.
        if (!unwritten.isEmpty()) scheduleOnce(CLOSE_TIMEOUT, closeTimeout);
      }

      private void write(ByteString bytes) {
        unwritten = unwritten.concat(bytes);
        flush();
      }

      private void flush() {
        if (!unwritten.isEmpty() && isAvailable(toClient)) {
          push(toClient, unwritten);
          unwritten = ByteString.emptyByteString();
          pongUnwritten = false;
          lastWriteNanos = System.nanoTime();
        }
        if (unwritten.isEmpty() && finishWhenWritten) {
          completeStage();
        }
      }
    }
  }
}
