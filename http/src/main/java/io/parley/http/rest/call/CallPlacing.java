package io.parley.http.rest.call;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.language.Wording;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.cost.TenantSpend;
import io.parley.core.session.ErrorCode;
import io.parley.persistence.calls.JdbcOutboundCalls;
import io.parley.persistence.calls.OutboundCallRow;
import io.parley.persistence.calls.OutboundTrunkRow;
import io.parley.persistence.campaigns.DoNotCallList;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.workflow.CallOutcomeWorkflow;
import io.parley.sessions.workflow.Workflows;
import io.parley.voice.VoiceCalls;
import io.parley.voice.phone.SipBridge;
import io.parley.voice.phone.machine.MachinePolicy;
import io.parley.voice.phone.outbound.OutboundCall;
import io.parley.voice.phone.outbound.OutboundProgress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places a call for a tenant, for the API ({@code POST /v1/calls}) and a campaign's dialler alike:
 * checks the request (the target through the outbound policy, the bot version, the do-not-call
 * list, at dial time), keeps the call's row, dials on this node's SIP bridge, and records each step
 * of its progress in the row and its outcome to the tenant's webhook ({@link CallOutcomeWorkflow})
 * before telling {@code also}.
 */
public final class CallPlacing {
  private static final Logger LOG = LoggerFactory.getLogger(CallPlacing.class);

  /** What placing needs of the node. */
  public record Means(JdbcOutboundCalls store, Optional<SipBridge> phone, Optional<VoiceCalls> voice,
      BotConfigs.Sharded configs, TenantSecrets secrets, OutboundAddressPolicy policy, Workflows workflows,
      DoNotCallList doNotCall, String node, Duration askTimeout, TenantSpend spend) {}

  /** What came of a request to place a call. */
  public sealed interface Placement {
    /** Dialling: the call's row. */
    record Placed(OutboundCallRow row) implements Placement {}

    /** Not placed, and why. */
    record Refused(ErrorCode code, String reason) implements Placement {}
  }

  private final Means means;
  private final Executor blocking;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public CallPlacing(Means means, Executor blocking, Clock clock) {
    this.means = means;
    this.blocking = blocking;
    this.clock = clock;
  }

  public Means means() {
    return means;
  }

  /**
   * Places {@code request}'s call; {@code also} hears its progress after the row has it. Blocks on
   * the database: call it off actor and HTTP threads.
   *
   * @throws IllegalArgumentException saying what is wrong with the request
   */
  public Placement place(String tenant, OutboundCallRequest request, Consumer<OutboundProgress> also) {
    return place(tenant, request, newId(), also);
  }

  /** A new call's id, {@code call_} and 24 hex digits: one a dialler can record before it places the call. */
  public String newId() {
    return "call_" + HexFormat.of().formatHex(bytes());
  }

  /** {@link #place(String, OutboundCallRequest, Consumer)} with the call's {@code id} chosen by the caller ({@link #newId}). */
  public Placement place(String tenant, OutboundCallRequest request, String id, Consumer<OutboundProgress> also) {
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
        .map(action -> new MachinePolicy(action, voicemail(request, config.map(PinnedBotConfig::config))));
    if (means.doNotCall().contains(tenant, request.to())) {
      return new Placement.Refused(ErrorCode.FORBIDDEN, "the number is on the tenant's do-not-call list");
    }
    if (means.spend().exhaustedNow(tenant).toCompletableFuture().join()) {
      return new Placement.Refused(ErrorCode.BUDGET_EXCEEDED, "the tenant's budget is spent until its period ends"
          + " (docs/operations.md#budgets)");
    }
    Optional<String> unable = unableToCall();
    if (unable.isPresent()) return new Placement.Refused(ErrorCode.UNAVAILABLE, unable.get());
    Optional<OutboundCall.Login> login = trunk.filter(t -> target.viaTrunk()).flatMap(t -> t.username().map(user ->
        new OutboundCall.Login(user, OutboundTrunkDocument.openPassword(t, means.secrets()).orElse(""))));
    OutboundCallRow row = new OutboundCallRow(id, tenant, means.node(), "dialling", Optional.empty(), Optional.empty(),
        Optional.empty(), target.masked(), callerId, clock.instant(), Optional.empty(), Optional.empty());
    means.store().add(row);
    OutboundCall call = new OutboundCall(id, tenant, target.user(), target.host(), target.port(), callerId,
        request.botVersion(), request.context(), login, target.user(), onMachine);
    try {
      means.phone().get().dial(call, progress -> CompletableFuture.runAsync(() -> {
        record(tenant, id, progress);
        also.accept(progress);
      }, blocking));
    } catch (Exception e) {
      LOG.warn("outbound call {} could not be dialled: {}", id, e.toString());
      means.store().ended(id, "failed", Optional.empty(), clock.instant());
      return new Placement.Refused(ErrorCode.UNAVAILABLE, "the call could not be dialled; retry");
    }
    return new Placement.Placed(row);
  }

  /**
   * Why this node places no call now, if it does not: its SIP bridge is off, or its voice engines
   * could not be loaded, when whoever answered would hear silence and be hung up on. Says nothing of
   * the node's paths: a tenant's admin reads it.
   */
  public Optional<String> unableToCall() {
    if (means.phone().isEmpty()) {
      return Optional.of("this node places no phone calls: its SIP bridge is off"
          + " (PARLEY_SIP_ENABLED, PARLEY_VOICE_ENABLED)");
    }
    if (means.voice().filter(VoiceCalls::unavailable).isPresent()) {
      return Optional.of("this node places no phone calls: its voice engines could not be loaded (its log says why;"
          + " parley_voice_engines_unavailable)");
    }
    return Optional.empty();
  }

  /**
   * Checks that {@code to} is a number or SIP URI this tenant's calls can reach (through its trunk,
   * or a host the outbound policy allows) and that a caller id is given or the trunk's, as a
   * campaign's leads are checked when they are uploaded.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public void checkTarget(String tenant, String to, Optional<String> callerId) {
    Optional<OutboundTrunkRow> trunk = means.store().trunk(tenant);
    OutboundTarget.of(to, trunk, means.policy());
    if (callerId.isEmpty() && trunk.isEmpty()) {
      throw new IllegalArgumentException("callerId is required when the tenant has no outbound trunk to take it from");
    }
  }

  private byte[] bytes() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * The message a machine is left: the request's (its campaign's) in the language the call speaks
   * (the tenant's, as a phone call's session starts in it), else the tenant's own.
   */
  private static Optional<String> voicemail(OutboundCallRequest request, Optional<BotConfig> config) {
    return request.voicemail().in(Optional.of(Wording.of(Optional.empty(), config).language()))
        .or(() -> config.flatMap(bot -> bot.voicePreferences().voicemailMessage()));
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
}
