package io.parley.http.edge;

import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractParserSettings;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapRouteResultFuture;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.Rejected;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A request body that a route answers without reading, heard out before the answer goes. The node
 * closes a connection whose request body it did not read, and a client still writing that body (a
 * browser's upload; any client that writes its whole request before it reads) would meet the closed
 * connection, a broken pipe or a reset, instead of the route's refusal. So every route that takes
 * a large body runs inside {@link #drained}: an answer given before the body is read (a caller
 * refused with 401 or 403, a session not found, a declared length past the route's bound, a rate
 * limit) waits while the rest of the body is read and discarded, never kept, for at most
 * {@link #LINGER} and {@link #MAX_DISCARDED_BYTES}; the connection then stays open. A body still
 * arriving after that, or declared longer, is not waited for: the answer goes at once and the
 * connection closes.
 *
 * <p>A client that sent {@code Expect: 100-continue} (curl, for a body over 1 MB) has sent no body
 * yet and waits to be asked for it: Pekko HTTP asks ({@code 100 Continue}) only when a route starts
 * reading, so a refusal before that is answered at once, the body never sent, and the connection
 * closed after it.
 */
public final class UnreadBodies {
  /** How long a body refused unread is still read, its bytes discarded. */
  private static final Duration LINGER = Duration.ofSeconds(5);
  /** The most of a body refused unread that is read and discarded. */
  private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

  private UnreadBodies() {}

  /**
   * {@code inner}, whose answers given before it read the request's body wait for that body to be
   * read and discarded (within the bounds above); a request whose body arrived whole with its head,
   * or that waits to be asked for it, is {@code inner}'s as it is. A rejection is left for the routes
   * after this one with the body unread, unless it refuses the body itself.
   */
  public static Route drained(Supplier<Route> inner) {
    return extractRequest(request -> {
      RequestEntity body = request.entity();
      if (body.isStrict() || asksFirst(request)) return inner.get();
      AtomicBoolean taken = new AtomicBoolean();
      return extractMaterializer(materializer -> extractParserSettings(parser -> mapRequest(
          asked -> asked.withEntity(readWhenAsked(body, taken, parser.getMaxContentLength())),
          () -> mapRouteResultFuture(result -> heardOut(result, body, taken, materializer), inner))));
    });
  }

  private static boolean asksFirst(HttpRequest request) {
    return request.getHeader("Expect").map(HttpHeader::value).filter("100-continue"::equalsIgnoreCase).isPresent();
  }

  /**
   * The body as the route sees it, read from the connection only once the route asks for its first
   * bytes: a route that refuses it at materialization (its declared length past the route's
   * bound) leaves it unread too. It is bounded by the node's {@code maxBytes}, which the route's own
   * size limit replaces, as on the body itself.
   */
  private static RequestEntity readWhenAsked(RequestEntity body, AtomicBoolean taken, long maxBytes) {
    Source<ByteString, ?> bytes = Source.lazySource(() -> {
      if (!taken.compareAndSet(false, true)) throw new IllegalStateException("the request's body was discarded");
      return body.withoutSizeLimit().getDataBytes();
    });
    RequestEntity read = body.getContentLengthOption().isPresent()
        ? HttpEntities.create(body.getContentType(), body.getContentLengthOption().getAsLong(), bytes)
        : HttpEntities.createChunked(body.getContentType(), bytes);
    // Limited, a request's body stays one: the Java API only declares the wider type.
    return (RequestEntity) read.withSizeLimit(maxBytes);
  }

  /**
   * {@code result}, once the body it did not read has been heard out: an answer, a failure, or a
   * rejection of the body itself (its declared length past the bound, its type), which no route
   * after this one reads either; any other rejection passes on with the body unread.
   */
  private static CompletionStage<RouteResult> heardOut(CompletionStage<RouteResult> result, RequestEntity body,
      AtomicBoolean taken, Materializer materializer) {
    return result.handle((outcome, failure) -> passesOn(outcome) || !taken.compareAndSet(false, true)
            ? result
            : discarded(body, materializer).handle((done, stopped) -> Done.getInstance()).thenCompose(heard -> result))
        .thenCompose(Function.identity());
  }

  private static boolean passesOn(RouteResult outcome) {
    return outcome instanceof Rejected rejected && StreamSupport.stream(rejected.getRejections().spliterator(), false)
        .noneMatch(rejection -> rejection instanceof MalformedRequestContentRejection
            || rejection instanceof UnsupportedRequestContentTypeRejection);
  }

  private static CompletionStage<Done> discarded(RequestEntity body, Materializer materializer) {
    if (body.getContentLengthOption().orElse(0) > MAX_DISCARDED_BYTES) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return body.withoutSizeLimit().getDataBytes().takeWithin(LINGER)
        .limitWeighted(MAX_DISCARDED_BYTES, chunk -> (long) chunk.size())
        .runWith(Sink.ignore(), materializer);
  }
}
