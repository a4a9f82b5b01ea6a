package io.parley.http.rest.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.persistence.calls.JdbcOutboundCalls;
import io.parley.persistence.calls.OutboundCallRow;
import io.parley.persistence.calls.OutboundTrunkRow;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.workflow.CallOutcomeWorkflow;
import io.parley.sessions.workflow.Workflows;
import io.parley.voice.phone.outbound.OutboundCall;
import io.parley.voice.phone.outbound.OutboundProgress;
import io.parley.voice.phone.SipBridge;
import io.parley.voice.phone.machine.MachinePolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the tenant's bot places, for its admins: {@code POST /v1/calls} dials ({@code 201} with the
 * call, {@code dialling}); {@code GET /v1/calls/{id}} shows its state ({@code dialling},
 * {@code ringing}, {@code answered}, {@code ended}) and outcome; {@code DELETE /v1/calls/{id}}
 * cancels it before the answer ({@code cancelled}). {@code GET}, {@code PUT} and {@code DELETE}
 * {@code /v1/calls/trunk}: the tenant's outbound trunk ({@link OutboundTrunkDocument}). The node that
 * takes the request dials; an answered call is a phone session like an inbound one.
 */
public final class OutboundCallRoutes extends StoreRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundCallRoutes.class);
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

  /** What the routes need of the node. */
  public record Means(JdbcOutboundCalls store, Optional<SipBridge> phone, BotConfigs.Sharded configs,
      TenantSecrets secrets, OutboundAddressPolicy policy, Workflows workflows, String node, Duration askTimeout) {}

  private final Means means;
  private final Executor blocking;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public OutboundCallRoutes(Means means, ObjectMapper json, Callers callers, Executor blocking, Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.means = means;
    this.blocking = blocking;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("calls"), () -> callers.caller(caller ->
        callers.permitted(caller, Action.PLACE_CALLS, () -> concat(
            pathEnd(() -> post(() -> callers.audit().recorded(caller, PLACE, () ->
                calls.objectBody(body -> calls.call(() -> place(caller, body)))))),
            path("trunk", () -> concat(
                get(() -> calls.call(() -> means.store().trunk(caller.tenant())
                    .map(trunk -> calls.json(StatusCodes.OK, OutboundTrunkDocument.TrunkJson.of(trunk)))
                    .orElseGet(() -> calls.errors().response(ErrorCode.NOT_FOUND, "the tenant has no outbound trunk")))),
                put(() -> callers.audit().recorded(caller, TRUNK, () -> calls.objectBody(body -> calls.call(() ->
                    saveTrunk(caller, body))))),
                delete(() -> callers.audit().recorded(caller, TRUNK, () -> calls.call(() ->
                    means.store().deleteTrunk(caller.tenant()) ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)
                        : calls.errors().response(ErrorCode.NOT_FOUND, "the tenant has no outbound trunk")))))),
            path(PathMatchers.segment(), id -> concat(
                get(() -> calls.call(() -> means.store().find(caller.tenant(), id)
                    .map(row -> calls.json(StatusCodes.OK, CallJson.of(row)))
                    .orElseGet(() -> calls.errors().response(ErrorCode.NOT_FOUND, "no such call in this tenant")))),
                delete(() -> callers.audit().recorded(caller, CANCEL, () -> calls.call(() -> cancel(caller, id))))))))));
  }

  private HttpResponse saveTrunk(Caller caller, JsonNode body) {
    OutboundTrunkRow trunk = OutboundTrunkDocument.read(caller.tenant(), body, means.store().trunk(caller.tenant()),
        means.policy(), means.secrets(), clock.instant());
    means.store().saveTrunk(trunk);
    return calls.json(StatusCodes.OK, OutboundTrunkDocument.TrunkJson.of(trunk));
  }

  private HttpResponse place(Caller caller, JsonNode body) {
    String tenant = caller.tenant();
    OutboundCallRequest request = OutboundCallRequest.of(body);
    Optional<OutboundTrunkRow> trunk = means.store().trunk(tenant);
    OutboundTarget target = OutboundTarget.of(request.to(), trunk, means.policy());
    String callerId = request.callerId().or(() -> trunk.map(OutboundTrunkRow::callerId)).orElseThrow(() ->
        new IllegalArgumentException("callerId is required when the tenant has no outbound trunk to take it from"));
    Optional<PinnedBotConfig> config = config(tenant, request.botVersion());
    if (request.botVersion().isPresent() && config.isEmpty()) {
      throw new IllegalArgumentException("botVersion " + request.botVersion().get()
          + ": the tenant has no such published version of its bot configuration");
    }
    Optional<MachinePolicy> onMachine = config.flatMap(pinned -> pinned.config().voicePreferences().answeringMachine())
        .map(action -> new MachinePolicy(action, request.voicemail()));
    if (means.phone().isEmpty()) {
      return calls.errors().response(ErrorCode.UNAVAILABLE, "this node places no phone calls: its SIP bridge is off"
          + " (PARLEY_SIP_ENABLED, PARLEY_VOICE_ENABLED)");
    }
    Optional<OutboundCall.Login> login = trunk.filter(t -> target.viaTrunk()).flatMap(t -> t.username().map(user ->
        new OutboundCall.Login(user, OutboundTrunkDocument.openPassword(t, means.secrets()).orElse(""))));
    String id = "call_" + HexFormat.of().formatHex(bytes());
    OutboundCallRow row = new OutboundCallRow(id, tenant, means.node(), "dialling", Optional.empty(), Optional.empty(),
        Optional.empty(), target.masked(), callerId, clock.instant(), Optional.empty(), Optional.empty());
    means.store().add(row);
    OutboundCall call = new OutboundCall(id, tenant, target.user(), target.host(), target.port(), callerId,
        request.botVersion(), request.context(), login, target.user(), onMachine);
    try {
      means.phone().get().dial(call, progress -> CompletableFuture.runAsync(() -> record(tenant, id, progress), blocking));
    } catch (Exception e) {
      LOG.warn("outbound call {} could not be dialled: {}", id, e.toString());
      means.store().ended(id, "failed", Optional.empty(), clock.instant());
      return calls.errors().response(ErrorCode.UNAVAILABLE, "the call could not be dialled; retry");
    }
    return calls.json(StatusCodes.CREATED, CallJson.of(row));
  }

  private byte[] bytes() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return bytes;
  }

  /** The published configuration the call's session will run on: {@code version}, else the current one. */
  private Optional<PinnedBotConfig> config(String tenant, Optional<Integer> version) {
    try {
      return version.map(number -> means.configs().version(tenant, number)).orElseGet(() -> means.configs().current(tenant))
          .toCompletableFuture().get(means.askTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the bot configuration's versions could not be read", e);
    }
  }

  /** Each step into the call's row; the outcome to the tenant's webhook as well ({@link CallOutcomeWorkflow}). */
  private void record(String tenant, String id, OutboundProgress progress) {
    Instant at = clock.instant();
    try {
      switch (progress) {
        case OutboundProgress.Ringing ringing -> means.store().ringing(id);
        case OutboundProgress.Answered answered -> {
          means.store().answered(id, answered.session().wireId(), at);
          CallOutcomeWorkflow.tell(means.workflows(), means.askTimeout(), tenant, id, "answered", Optional.empty(),
              Optional.of(answered.session().wireId()), at);
        }
        case OutboundProgress.Voicemail voicemail -> {
          means.store().voicemail(id, voicemail.session().wireId(), at);
          CallOutcomeWorkflow.tell(means.workflows(), means.askTimeout(), tenant, id, "voicemail", Optional.empty(),
              Optional.of(voicemail.session().wireId()), at);
        }
        case OutboundProgress.Ended ended -> {
          means.store().ended(id, ended.outcome().wireName(), ended.sipStatus(), at);
          CallOutcomeWorkflow.tell(means.workflows(), means.askTimeout(), tenant, id, ended.outcome().wireName(),
              ended.sipStatus(), Optional.empty(), at);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("outbound call {}: its progress could not be stored: {}", id, e.toString());
    }
  }

  private HttpResponse cancel(Caller caller, String id) {
    Optional<OutboundCallRow> row = means.store().find(caller.tenant(), id);
    if (row.isEmpty()) return calls.errors().response(ErrorCode.NOT_FOUND, "no such call in this tenant");
    if (row.get().state().equals("answered") || row.get().state().equals("ended")) {
      return calls.errors().response(ErrorCode.CONFLICT, "the call is " + row.get().state() + " already: an answered call"
          + " ends with its session (DELETE /v1/sessions/{id})");
    }
    if (means.phone().isEmpty() || !means.phone().get().cancel(id)) {
      return calls.errors().response(ErrorCode.CONFLICT, "the call is dialled by node " + row.get().node()
          + ", which alone can cancel it, or was answered a moment ago");
    }
    return calls.json(StatusCodes.ACCEPTED, CallJson.of(row.get()));
  }
}
