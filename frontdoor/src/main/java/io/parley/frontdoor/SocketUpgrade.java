package io.parley.frontdoor;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.scaladsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.Flow;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The upgrade a route sees on a handshake {@link HttpPort} read itself: the same directives
 * ({@code extractWebSocketUpgrade}, {@code handleMessagesWith}) work, but the handler a route
 * chooses is kept here for the port to run over its own framing, and the answer is a plain 101
 * response for the port to write.
 */
final class SocketUpgrade implements WebSocketUpgrade {
  /** What a route chose: the messages' handler and the subprotocol named in the answer. */
  record Accepted(Graph<FlowShape<Message, Message>, ?> handler, Optional<String> subprotocol) {}

  private final SocketHandshake handshake;
  private final AtomicReference<Accepted> accepted = new AtomicReference<>();

  SocketUpgrade(SocketHandshake handshake) {
    this.handshake = handshake;
  }

  /**
   * The route's choice, once it answered with this upgrade's response; given once, so that the
   * handler runs once, whoever (the socket, or the port letting a clientless handler end) asks first.
   */
  Optional<Accepted> claim() {
    return Optional.ofNullable(accepted.getAndSet(null));
  }

  @Override
  public scala.collection.immutable.Seq<String> requestedProtocols() {
    return CollectionConverters.asScala(handshake.requestedProtocols()).toList();
  }

  @Override
  public Iterable<String> getRequestedProtocols() {
    return handshake.requestedProtocols();
  }

  @Override
  public org.apache.pekko.http.scaladsl.model.HttpResponse handleMessages(
      Graph<FlowShape<org.apache.pekko.http.scaladsl.model.ws.Message, org.apache.pekko.http.scaladsl.model.ws.Message>, Object> handler,
      Option<String> subprotocol) {
    Flow<Message, Message, ?> javaHandler = Flow.of(Message.class).map(Message::asScala).via(handler).map(Message::adapt);
    return accept(javaHandler, Optional.ofNullable(subprotocol.getOrElse(() -> null)));
  }

  @Override
  public org.apache.pekko.http.scaladsl.model.HttpResponse handleMessagesWith(Graph<FlowShape<Message, Message>, ?> handler) {
    return accept(handler, Optional.empty());
  }

  @Override
  public org.apache.pekko.http.scaladsl.model.HttpResponse handleMessagesWith(Graph<FlowShape<Message, Message>, ?> handler,
      String subprotocol) {
    return accept(handler, Optional.of(subprotocol));
  }

  @Override
  public org.apache.pekko.http.scaladsl.model.HttpResponse handleMessagesWith(Graph<SinkShape<Message>, ?> inSink,
      Graph<SourceShape<Message>, ?> outSource) {
    return accept(Flow.fromSinkAndSource(inSink, outSource), Optional.empty());
  }

  @Override
  public org.apache.pekko.http.scaladsl.model.HttpResponse handleMessagesWith(Graph<SinkShape<Message>, ?> inSink,
      Graph<SourceShape<Message>, ?> outSource, String subprotocol) {
    return accept(Flow.fromSinkAndSource(inSink, outSource), Optional.of(subprotocol));
  }

  private org.apache.pekko.http.scaladsl.model.HttpResponse accept(Graph<FlowShape<Message, Message>, ?> handler,
      Optional<String> subprotocol) {
    subprotocol.filter(chosen -> !handshake.requestedProtocols().contains(chosen)).ifPresent(chosen -> {
      throw new IllegalArgumentException("subprotocol " + chosen + " was not offered: " + handshake.requestedProtocols());
    });
    accepted.set(new Accepted(handler, subprotocol));
    List<HttpHeader> headers = subprotocol
        .map(chosen -> List.<HttpHeader>of(RawHeader.create("Sec-WebSocket-Protocol", chosen)))
        .orElse(List.of());
    HttpResponse response = HttpResponse.create().withStatus(StatusCodes.SWITCHING_PROTOCOLS)
        .addHeaders(List.<HttpHeader>of(RawHeader.create("Upgrade", "websocket"), RawHeader.create("Connection", "Upgrade"),
            RawHeader.create("Sec-WebSocket-Accept", handshake.accept())))
        .addHeaders(headers);
    return (org.apache.pekko.http.scaladsl.model.HttpResponse) response;
  }
}
