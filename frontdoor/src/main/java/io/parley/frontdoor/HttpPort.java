package io.parley.frontdoor;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP port. Pekko HTTP serves every request, except that a WebSocket handshake is read
 * here and its socket runs over {@link WebSocketFraming}: Pekko HTTP would keep its whole HTTP
 * pipeline materialized beside the socket's own stages for as long as the socket lives (about 45
 * stage logics and the WebSocket blueprint per idle customer, and most of a session start's CPU).
 * The routes answer the handshake as they answer any request, through the same directives
 * ({@link SocketUpgrade}); a head this port does not fully understand goes to Pekko HTTP.
 *
 * <p>Like Pekko HTTP's own binding: an idle timeout on HTTP connections, at most
 * {@code max-connections} HTTP connections at once (open sockets do not count), and a graceful
 * {@link #terminate}: requests under way finish, new ones get 503, then every connection closes.
 * Beyond it ({@link PortLimits}): a deadline on each first head and a bound on unfinished heads
 * per client address and in all ({@link UnfinishedHeads}), a bound on HTTP connections per client
 * address and idle ones closed when the port is crowded ({@link HttpConnections}), and a write
 * deadline that resets a client that stops reading. Each request carries {@link #CONNECTION_CLOSED}, so that what a
 * route counts for a socket (its connection slot) stays counted until the TCP connection is gone.
 */
public final class HttpPort {
  private static final Logger LOG = LoggerFactory.getLogger(HttpPort.class);
  /** The wait for a client's close frame after ours, before the connection closes anyway. */
  private static final Duration SOCKET_CLOSE_TIMEOUT = Duration.ofSeconds(3);
  /**
   * The answer of a connection that makes way for another before its first head was read (see
   * {@link UnfinishedHeads}, {@link HttpConnections}): whatever it was going to ask, the port cannot
   * serve it now, and says when to try again rather than closing it unanswered.
   */
  private static final ByteString BUSY = ResponseHeads.render(
      HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE)
          .addHeader(RawHeader.create("Retry-After", "1")).addHeader(Connection.create("close")),
      HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8,
          "too many connections from this address, or in all, are waiting to be served: try again in a second"));
  /** Completes when the request's TCP connection has closed (or was reset). */
  @SuppressWarnings("unchecked")
  public static final AttributeKey<CompletionStage<Done>> CONNECTION_CLOSED =
      AttributeKey.create("parley-connection-closed", (Class<CompletionStage<Done>>) (Class<?>) CompletionStage.class);

  private final Tcp.ServerBinding binding;
  private final Set<ConnectionSwitch.Control> connections;
  private final RequestsUnderWay requests;

  private HttpPort(Tcp.ServerBinding binding, Set<ConnectionSwitch.Control> connections, RequestsUnderWay requests) {
    this.binding = binding;
    this.connections = connections;
    this.requests = requests;
  }

  /**
   * Binds {@code host:port} (0: any free port) and serves {@code route} there; a socket's messages
   * may be at most {@code maxSocketMessageBytes} (larger ones close it with 1009).
   */
  public static CompletionStage<HttpPort> bind(ActorSystem<?> system, String host, int port, Route route,
      int maxSocketMessageBytes, PortLimits limits) {
    ServerSettings settings = ServerSettings.create(Adapter.toClassic(system));
    Set<ConnectionSwitch.Control> connections = ConcurrentHashMap.newKeySet();
    RequestsUnderWay requests = new RequestsUnderWay();
    Connections handling = new Connections(system, settings, route.handler(system), maxSocketMessageBytes,
        connections, requests, limits,
        HeadScan.Limits.of(SocketHandshake.MAX_HEAD_BYTES, SocketHandshake.MAX_HEADERS, settings.getParserSettings()),
        new UnfinishedHeads(limits.unfinishedHeadsPerAddress(), limits.unfinishedHeads()),
        new HttpConnections(limits.connectionsPerAddress(), limits.crowded(settings.getMaxConnections())));
    return Tcp.get(system)
        .bind(host, port, settings.getBacklog(), settings.getSocketOptions(), false, Optional.empty())
        .mapAsyncUnordered(settings.getMaxConnections(), handling::serve)
        .to(Sink.ignore())
        .run(Materializer.matFromSystem(system))
        .thenApply(bound -> new HttpPort(bound, connections, requests));
  }

  public InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  /** Stops accepting connections; those open stay. */
  public CompletionStage<Done> unbind() {
    return binding.unbind().thenApply(unbound -> Done.getInstance());
  }

  /**
   * Refuses new requests and handshakes (503), gives the requests under way until
   * {@code hardDeadline} to finish, then closes every connection, sockets included (a socket with
   * a going-away close), or cuts them off if some request is still not answered.
   */
  public CompletionStage<Done> terminate(Duration hardDeadline) {
    CompletionStage<Boolean> drained = requests.refuseAndDrain(hardDeadline);
    return unbind().thenCombine(drained, (unbound, allAnswered) -> {
      // Past the deadline, requests still under way are cut off, as Pekko HTTP's binding does.
      connections.forEach(allAnswered ? ConnectionSwitch.Control::close : ConnectionSwitch.Control::abort);
      return Done.getInstance();
    });
  }

  /**
   * One connection as the port follows it: its place among the HTTP connections, its first head
   * read (by the port or by Pekko HTTP), its HTTP part over, and the connection closed.
   */
  private record Served(InetSocketAddress remote, HttpConnections.Connection connection, CompletableFuture<Done> httpOver,
      CompletableFuture<Done> headRead, CompletableFuture<Done> closed) {}

  /** How each accepted connection is served. */
  private record Connections(ActorSystem<?> system, ServerSettings settings,
      Function<HttpRequest, CompletionStage<HttpResponse>> routes, int maxSocketMessageBytes,
      Set<ConnectionSwitch.Control> open, RequestsUnderWay requests, PortLimits limits, HeadScan.Limits headLimits,
      UnfinishedHeads unfinished, HttpConnections httpConnections) {

    /** Serves one connection; completes when its HTTP part is over (at once for a socket's, once it is answered). */
    CompletionStage<Done> serve(Tcp.IncomingConnection incoming) {
      CompletableFuture<Done> httpOver = new CompletableFuture<>();
      try {
        run(incoming, httpOver);
      } catch (RuntimeException e) {
        // One connection that could not start must not end the port's stream of connections.
        LOG.error("Could not serve the connection from {}", incoming.remoteAddress(), e);
        httpOver.complete(Done.getInstance());
      }
      return httpOver;
    }

    private void run(Tcp.IncomingConnection incoming, CompletableFuture<Done> httpOver) {
      // The stage keeps what its choice captures for as long as the socket lives: the address, the
      // connection's few futures and its emptied place among the HTTP connections (Served), not
      // the connection.
      InetSocketAddress remote = incoming.remoteAddress();
      Served served = new Served(remote, httpConnections.connection(remote.getAddress()), httpOver,
          new CompletableFuture<>(), new CompletableFuture<>());
      ConnectionSwitch.Control connection = Flow.fromGraph(new ConnectionSwitch(
              (firstBytes, wholeHead) -> choose(firstBytes, wholeHead, served), headLimits,
              limits.headTimeout(), served.headRead(), limits.writeTimeout()))
          .joinMat(incoming.flow(), Keep.left())
          .run(Materializer.matFromSystem(system));
      open.add(connection);
      Runnable makeWay = () -> {
        connection.makeWay(BUSY);
        // Answered before its head, it is no longer the port's to serve: it leaves its place among
        // the connections being served at once, not when it has closed.
        if (!served.headRead().isDone()) httpOver.complete(Done.getInstance());
      };
      UnfinishedHeads.Head head = unfinished.admit(remote.getAddress(), makeWay);
      served.headRead().thenRun(head::read);
      httpConnections.admit(served.connection(), makeWay);
      httpOver.thenRun(served.connection()::over);
      connection.ended().whenComplete((done, failure) -> {
        head.read();
        open.remove(connection);
        served.closed().complete(Done.getInstance());
        httpOver.complete(Done.getInstance());
      });
    }

    /** One of Pekko's durations, unless it is infinite (a setting that is off). */
    private static Optional<Duration> finite(scala.concurrent.duration.Duration duration) {
      return duration.isFinite() ? Optional.of(Duration.ofNanos(duration.toNanos())) : Optional.empty();
    }

    /** A whole, correct WebSocket handshake is answered here; anything else is Pekko HTTP's, from its first byte. */
    private CompletionStage<ConnectionSwitch.Choice> choose(ByteString firstBytes, boolean wholeHead, Served served) {
      if (wholeHead) served.headRead().complete(Done.getInstance());
      Optional<SocketHandshake> handshake = wholeHead ? SocketHandshake.parse(firstBytes) : Optional.empty();
      if (handshake.isEmpty()) return CompletableFuture.completedStage(new ConnectionSwitch.Choice(http(served), true));
      SocketUpgrade upgrade = new SocketUpgrade(handshake.get());
      HttpRequest request = handshake.get().request()
          .addAttribute(AttributeKeys.webSocketUpgrade, upgrade)
          .addAttribute(AttributeKeys.remoteAddress, RemoteAddress.create(served.remote()))
          .addAttribute(CONNECTION_CLOSED, served.closed());
      return answer(request, upgrade, served.connection())
          .thenCompose(response -> {
            Optional<SocketUpgrade.Accepted> accepted = upgrade.claim();
            if (accepted.isPresent() && response.status().intValue() == 101) {
              return CompletableFuture.completedStage(socket(response, accepted.get()));
            }
            // Accepted, then answered otherwise (a failure after the route's complete): the handler still ends.
            accepted.ifPresent(this::runOnNoInput);
            return refusal(response);
          })
          .thenApply(flow -> new ConnectionSwitch.Choice(flow, false))
          .whenComplete((choice, failure) -> served.httpOver().complete(Done.getInstance()));
    }

    /**
     * Runs a socket's handler that will never have a client, so that it ends and lets go of what it
     * holds (Parley's routes free the socket's connection slot when it ends).
     */
    private void runOnNoInput(SocketUpgrade.Accepted accepted) {
      Source.<Message>empty().via(accepted.handler()).runWith(Sink.ignore(), Materializer.matFromSystem(system));
    }

    /**
     * The routes' answer to a handshake, within the request timeout like any request's, and
     * refused (503) once the port is closing. A socket the routes accept after the timeout is run
     * on no input, so that what its handler holds (its connection slot) is let go.
     */
    private CompletionStage<HttpResponse> answer(HttpRequest request, SocketUpgrade upgrade,
        HttpConnections.Connection connection) {
      CompletableFuture<HttpResponse> answered = request(request, connection);
      Optional<Duration> timeout = finite(settings.getTimeouts().requestTimeout());
      if (timeout.isEmpty()) return answered.exceptionally(failure -> status(StatusCodes.INTERNAL_SERVER_ERROR));
      return answered.copy().orTimeout(timeout.get().toMillis(), TimeUnit.MILLISECONDS).exceptionally(failure -> {
        if (!(failure instanceof TimeoutException)) return status(StatusCodes.INTERNAL_SERVER_ERROR);
        answered.thenRun(() -> upgrade.claim().ifPresent(this::runOnNoInput));
        return status(StatusCodes.SERVICE_UNAVAILABLE);
      });
    }

    private CompletableFuture<HttpResponse> routesAnswer(HttpRequest request) {
      try {
        return routes.apply(request).toCompletableFuture();
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    private Flow<ByteString, ByteString, NotUsed> socket(HttpResponse switching, SocketUpgrade.Accepted accepted) {
      Duration keepAlive = finite(settings.getWebsocketSettings().periodicKeepAliveMaxIdle()).orElse(Duration.ZERO);
      return WebSocketFraming.server(ResponseHeads.render(switching, HttpEntities.EMPTY), maxSocketMessageBytes, keepAlive,
              SOCKET_CLOSE_TIMEOUT)
          .join(Flow.fromGraph(accepted.handler()));
    }

    /** A handshake the routes refused (no credential, a foreign origin, too many sockets): the answer, then close. */
    private CompletionStage<Flow<ByteString, ByteString, NotUsed>> refusal(HttpResponse response) {
      HttpResponse closing = response.getHeader(Connection.class).isPresent() ? response
          : response.addHeader(Connection.create("close"));
      return response.entity().toStrict(SOCKET_CLOSE_TIMEOUT.toMillis(), Materializer.matFromSystem(system))
          .thenApply(entity -> Flow.fromSinkAndSource(Sink.<ByteString>ignore(),
              Source.single(ResponseHeads.render(closing, entity))));
    }

    private static HttpResponse shuttingDown() {
      return status(StatusCodes.SERVICE_UNAVAILABLE).addHeader(Connection.create("close"))
          .withEntity("the node is shutting down");
    }

    private static HttpResponse status(StatusCode status) {
      return HttpResponse.create().withStatus(status);
    }

    /** Pekko HTTP's server for everything else; its first request means the head is read. */
    private Flow<ByteString, ByteString, NotUsed> http(Served served) {
      InetSocketAddress remote = served.remote();
      Optional<Duration> idle = finite(settings.getTimeouts().idleTimeout());
      @SuppressWarnings("unchecked")
      BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> layer =
          Http.get(Adapter.toClassic(system)).serverLayer(settings, Optional.of(remote))
              .atop((BidiFlow<TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed>)
                  (BidiFlow<?, ?, ?, ?, ?>) TLSPlacebo.getInstance());
      if (idle.isPresent()) layer = layer.atop(BidiFlow.bidirectionalIdleTimeout(idle.get()));
      Flow<HttpRequest, HttpResponse, NotUsed> requests = Flow.of(HttpRequest.class)
          .map(request -> {
            served.headRead().complete(Done.getInstance());
            return request.addAttribute(CONNECTION_CLOSED, served.closed());
          })
          .mapAsync(settings.getPipeliningLimit(), request -> request(request, served.connection()));
      return layer.reversed().join(requests);
    }

    /**
     * A request the routes answer, counted while under way, on the port and on its connection;
     * refused (503) once the port is closing.
     */
    private CompletableFuture<HttpResponse> request(HttpRequest request, HttpConnections.Connection connection) {
      if (!requests.admit()) return CompletableFuture.completedFuture(shuttingDown());
      connection.requestStarted();
      CompletableFuture<HttpResponse> answered = routesAnswer(request);
      answered.whenComplete((response, failure) -> {
        requests.answered();
        connection.requestAnswered();
        // A socket (Pekko HTTP's own upgrade, or the port's) is not an HTTP connection to close when idle.
        if (response != null && response.status().intValue() == 101) connection.over();
      });
      return answered.thenApply(response -> SocketHandshake.namingTheVersion(request, response));
    }
  }
}
