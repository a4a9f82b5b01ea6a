package io.parley.http.rest.staff;

import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.mapResponse;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import io.parley.core.identity.Action;
import io.parley.http.auth.Callers;
import io.parley.http.auth.ProvenCredential;
import io.parley.http.cluster.AdminChange;
import io.parley.http.cluster.AdminChanges;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET /v1/admin/changes}: what changes in the caller's tenant's admin data, as Server-Sent
 * Events for its admins' consoles (docs/admin-console.md#live-panels). The stream opens with a
 * {@code ready} event, then names each change's part ({@code config}, {@code experiments},
 * {@code knowledge}, {@code team}, {@code conversations}) as event and data, with an empty line (Pekko's heartbeat, which
 * no client takes for an event) every {@link #HEARTBEAT} so proxies and the node's idle timeout keep it open. It never ends; the client closes it.
 *
 * <p>{@link #marked} is where the changes made through the API are told: after a write the node
 * answered with success, on a path whose part the console shows live, for the tenant the caller proved.
 */
public final class AdminChangeRoutes {
  /** How often an open stream says it is still there. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final String READY = "ready";

  private final AdminChanges changes;
  private final Callers callers;

  public AdminChangeRoutes(AdminChanges changes, Callers callers) {
    this.changes = changes;
    this.callers = callers;
  }

  public Route route() {
    return path(PathMatchers.segment("v1").slash("admin").slash("changes"), () -> get(() -> callers.caller(caller ->
        callers.permitted(caller, Action.CONFIGURE_BOT, () -> completeOK(events(caller.tenant()),
            EventStreamMarshalling.toEventStream())))));
  }

  private Source<ServerSentEvent, NotUsed> events(String tenant) {
    return Source.single(ServerSentEvent.create(READY, READY))
        .concat(changes.of(tenant).map(kind -> ServerSentEvent.create(kind.wireName(), kind.wireName())))
        .keepAlive(HEARTBEAT, ServerSentEvent::heartbeat);
  }

  /** {@code inner}, telling the tenant's consoles of each change it stored (see the class comment). */
  public Route marked(Supplier<Route> inner) {
    return extractRequest(request -> mapResponse(response -> {
      if (response.status().isSuccess() && !request.method().isSafe()) {
        ProvenCredential.of(request).tenant().ifPresent(tenant ->
            AdminChange.written(request.getUri().path()).ifPresent(kind -> changes.changed(tenant, kind)));
      }
      return response;
    }, inner));
  }
}
