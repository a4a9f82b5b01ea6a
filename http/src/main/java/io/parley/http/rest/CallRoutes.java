package io.parley.http.rest;

import io.parley.core.identity.Action;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.rest.call.OutboundCallRoutes;
import io.parley.voice.phone.ClusterCalls;
import io.parley.voice.phone.OngoingCall;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/calls}: the phone calls in progress of the caller's tenant on every node of the
 * cluster, for its agents and admins. A node without telephony holds no calls; with none anywhere
 * the list is empty. {@code complete} is false when a node did not answer in time, so its calls
 * are missing. The calls the tenant places: {@link OutboundCallRoutes}.
 */
public final class CallRoutes extends AllDirectives {
  record CallsJson(List<OngoingCall> calls, boolean complete) {}

  private final ActorSystem<?> system;
  private final ClusterAsks asks;
  private final Callers callers;

  private final OutboundCallRoutes outbound;

  public CallRoutes(ActorSystem<?> system, ClusterAsks asks, Callers callers, OutboundCallRoutes outbound) {
    this.outbound = outbound;
    this.system = system;
    this.asks = asks;
    this.callers = callers;
  }

  /** The list first: its agents read it, while only admins place calls ({@link OutboundCallRoutes}). */
  public Route route() {
    return concat(path(PathMatchers.segment("v1").slash("calls"), () -> get(() -> callers.caller(caller ->
        callers.audited(caller, Action.READ_CALLS, "calls.read", () -> completeWithFuture(calls(caller.tenant())))))),
        outbound.route());
  }

  private CompletionStage<HttpResponse> calls(String tenant) {
    return asks.answer(ClusterCalls.ask(system, Optional.of(tenant), asks.askTimeout()),
        answer -> asks.bodies().response(StatusCodes.OK,
            new CallsJson(answer.calls(), answer.silentNodes().isEmpty())),
        failure -> asks.errors().response(ErrorCode.UNAVAILABLE, "the cluster's calls could not be listed; retry"));
  }
}
