package io.parley.frontdoor;

import static io.parley.frontdoor.WebSocketFrames.BINARY;
import static io.parley.frontdoor.WebSocketFrames.CLOSE;
import static io.parley.frontdoor.WebSocketFrames.CONTINUATION;
import static io.parley.frontdoor.WebSocketFrames.FIN;
import static io.parley.frontdoor.WebSocketFrames.GOING_AWAY;
import static io.parley.frontdoor.WebSocketFrames.INTERNAL_ERROR;
import static io.parley.frontdoor.WebSocketFrames.INVALID_PAYLOAD;
import static io.parley.frontdoor.WebSocketFrames.MESSAGE_TOO_BIG;
import static io.parley.frontdoor.WebSocketFrames.NORMAL_CLOSURE;
import static io.parley.frontdoor.WebSocketFrames.PING;
import static io.parley.frontdoor.WebSocketFrames.PONG;
import static io.parley.frontdoor.WebSocketFrames.PROTOCOL_ERROR;
import static io.parley.frontdoor.WebSocketFrames.TEXT;
import static io.parley.frontdoor.WebSocketFrames.closeFrame;
import static io.parley.frontdoor.WebSocketFrames.decodeUtf8;
import static io.parley.frontdoor.WebSocketFrames.frame;
import static io.parley.frontdoor.WebSocketFrames.isControl;
import static io.parley.frontdoor.WebSocketFrames.isKnown;
import static io.parley.frontdoor.WebSocketFrames.isSendableCloseCode;
import static io.parley.frontdoor.WebSocketFrames.unmask;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One WebSocket connection of {@link WebSocketFraming}'s stage: its reading, writing and closing
 * side by side, as each depends on the others' state (a close sent stops pongs, an unwritten pong
 * pauses reading, a protocol error ends both directions).
 */
final class WebSocketConnection extends TimerGraphStageLogic {
  private static final int RESERVED_BITS = 0x70;
  private static final int MASKED = 0x80;
  private static final int MAX_CONTROL_PAYLOAD_BYTES = 125;
  private static final int MASK_KEY_BYTES = 4;

  // A client that takes none of our bytes is the port's to reset (its write deadline), not the framing's.
  private static final String KEEP_ALIVE = "keep-alive";
  private static final String CLOSE_TIMEOUT = "close-timeout";

  private final Inlet<ByteString> fromClient;
  private final Outlet<Message> toApp;
  private final Inlet<Message> fromApp;
  private final Outlet<ByteString> toClient;
  private final ByteString handshakeAnswer;
  private final Duration keepAliveIdle;
  private final Duration closeTimeout;
  private final IncomingMessage message;

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
  private boolean readingStopped;

  // Writing: frames the client has not yet asked for, at most an app frame, a pong or ping
  // and our close, since the app is only pulled when nothing is waiting.
  private ByteString unwritten = ByteString.emptyByteString();
  private boolean pongUnwritten;
  private boolean closeSent;
  private boolean finishWhenWritten;
  private long lastWriteNanos;

  WebSocketConnection(BidiShape<ByteString, Message, Message, ByteString> shape, ByteString handshakeAnswer,
      int maxMessageBytes, Duration keepAliveIdle, Duration closeTimeout) {
    super(shape);
    this.fromClient = shape.in1();
    this.toApp = shape.out1();
    this.fromApp = shape.in2();
    this.toClient = shape.out2();
    this.handshakeAnswer = handshakeAnswer;
    this.keepAliveIdle = keepAliveIdle;
    this.closeTimeout = closeTimeout;
    this.message = new IncomingMessage(maxMessageBytes);
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
        ? !message.isOpen()
        : !isControl(opcode) && message.isOpen();
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
    if (!isControl(opcode) && !message.fits(length)) {
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
      message.begin(opcode);
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
      unmask(bytes, 0, count, maskKey, maskOffset);
      controlPayload = controlPayload.concat(ByteString.fromArrayUnsafe(bytes));
    } else if (!message.append(unparsed, count, maskKey, maskOffset)) {
      failConnection(INVALID_PAYLOAD);
      return;
    }
    unparsed = unparsed.drop(count);
    maskOffset = (maskOffset + count) & 3;
    frameBytesLeft -= count;
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
    Optional<Message> received = message.finish();
    if (received.isEmpty()) {
      failConnection(INVALID_PAYLOAD);
    } else if (!isClosed(toApp)) {
      push(toApp, received.get());
    }
  }

  private ByteString appFrame(Message sent) {
    if (!sent.isStrict()) {
      throw new IllegalArgumentException(
          "WebSocketFraming writes strict messages only; the app sent a streamed one");
    }
    return sent.isText()
        ? frame(TEXT, ByteString.fromString(sent.asTextMessage().getStrictText(), StandardCharsets.UTF_8))
        : frame(BINARY, sent.asBinaryMessage().getStrictData());
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
