package io.parley.http.rest.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.persistence.calls.OutboundCallRow;
import io.parley.persistence.calls.OutboundTrunkRow;
import io.parley.voice.phone.ClusterCalls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Calls the tenant's bot places, for its admins: {@code POST /v1/calls} dials ({@code 201} with the
 * call, {@code dialling}); {@code GET /v1/calls/{id}} shows its state ({@code dialling},
 * {@code ringing}, {@code answered}, {@code ended}) and outcome; {@code DELETE /v1/calls/{id}}
 * cancels it before the answer ({@code cancelled}). {@code GET}, {@code PUT} and {@code DELETE}
 * {@code /v1/calls/trunk}: the tenant's outbound trunk ({@link OutboundTrunkDocument}). The node that
 * takes the request dials; an answered call is a phone session like an inbound one. A cancel taken
 * by another node reaches the dialling node through the cluster ({@link ClusterCalls#cancel}).
 */
public final class OutboundCallRoutes extends StoreRoutes {
  static final String PLACE = "calls.place";
  static final String CANCEL = "calls.cancel";
  static final String TRUNK = "calls.trunk";

  record CallJson(String id, String state, Optional<String> outcome, Optional<Integer> sipStatus,
      Optional<String> sessionId, String to, String callerId, Instant createdAt, Optional<Instant> answeredAt,
      Optional<Instant> endedAt) {
    static CallJson of(OutboundCallRow row) {
      return new CallJson(row.id(), row.state(), row.outcome(), row.sipStatus(), row.sessionId(), row.target(),
          row.callerId(), row.createdAt(), row.answeredAt(), row.endedAt());
    }
  }

  private final CallPlacing placing;
  private final ActorSystem<?> system;
  private final Clock clock;

  public OutboundCallRoutes(CallPlacing placing, ActorSystem<?> system, ObjectMapper json, Callers callers,
      Executor blocking, Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.placing = placing;
    this.system = system;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("calls"), () -> callers.caller(caller ->
        callers.permitted(caller, Action.PLACE_CALLS, () -> concat(
            pathEnd(() -> post(() -> callers.audit().recorded(caller, PLACE, () ->
                calls.objectBody(body -> calls.call(() -> place(caller, body)))))),
            path("trunk", () -> concat(
                get(() -> calls.call(() -> placing.means().store().trunk(caller.tenant())
                    .map(trunk -> calls.json(StatusCodes.OK, OutboundTrunkDocument.TrunkJson.of(trunk)))
                    .orElseGet(() -> calls.errors().response(ErrorCode.NOT_FOUND, "the tenant has no outbound trunk")))),
                put(() -> callers.audit().recorded(caller, TRUNK, () -> calls.objectBody(body -> calls.call(() ->
                    saveTrunk(caller, body))))),
                delete(() -> callers.audit().recorded(caller, TRUNK, () -> calls.call(() ->
                    placing.means().store().deleteTrunk(caller.tenant()) ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                        : calls.errors().response(ErrorCode.NOT_FOUND, "the tenant has no outbound trunk")))))),
            path(PathMatchers.segment(), id -> concat(
                get(() -> calls.call(() -> placing.means().store().find(caller.tenant(), id)
                    .map(row -> calls.json(StatusCodes.OK, CallJson.of(row)))
                    .orElseGet(() -> calls.errors().response(ErrorCode.NOT_FOUND, "no such call in this tenant")))),
                delete(() -> callers.audit().recorded(caller, CANCEL, () -> calls.call(() -> cancel(caller, id))))))))));
  }

  private HttpResponse saveTrunk(Caller caller, JsonNode body) {
    OutboundTrunkRow trunk = OutboundTrunkDocument.read(caller.tenant(), body, placing.means().store().trunk(caller.tenant()),
        placing.means().policy(), placing.means().secrets(), clock.instant());
    placing.means().store().saveTrunk(trunk);
    return calls.json(StatusCodes.OK, OutboundTrunkDocument.TrunkJson.of(trunk));
  }

  private HttpResponse place(Caller caller, JsonNode body) {
    return switch (placing.place(caller.tenant(), OutboundCallRequest.of(body), progress -> {})) {
      case CallPlacing.Placement.Placed placed -> calls.json(StatusCodes.CREATED, CallJson.of(placed.row()));
      case CallPlacing.Placement.Refused refused -> calls.errors().response(refused.code(), refused.reason());
    };
  }

  /** Cancelled here, or by the node that dials it (its SIP dialog is there), asked through the cluster. */
  private boolean cancelled(String tenant, String id) {
    if (placing.means().phone().map(phone -> phone.cancel(tenant, id)).orElse(false)) return true;
    Duration timeout = placing.means().askTimeout();
    try {
      return ClusterCalls.cancel(system, tenant, id, timeout).toCompletableFuture()
          .get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private HttpResponse cancel(Caller caller, String id) {
    Optional<OutboundCallRow> row = placing.means().store().find(caller.tenant(), id);
    if (row.isEmpty()) return calls.errors().response(ErrorCode.NOT_FOUND, "no such call in this tenant");
    if (row.get().state().equals("answered") || row.get().state().equals("ended")) {
      return calls.errors().response(ErrorCode.CONFLICT, "the call is " + row.get().state() + " already: an answered call"
          + " ends with its session (DELETE /v1/sessions/{id})");
    }
    if (!cancelled(caller.tenant(), id)) {
      return calls.errors().response(ErrorCode.CONFLICT, "the call was answered or ended a moment ago, or node "
          + row.get().node() + ", which dials it, did not answer");
    }
    return calls.json(StatusCodes.ACCEPTED, CallJson.of(row.get()));
  }
}
