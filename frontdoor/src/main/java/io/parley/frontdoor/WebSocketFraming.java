package io.parley.frontdoor;

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
}
