package io.parley.voice.phone;

import io.parley.core.call.CallEnd;
import io.parley.core.cost.Spend;
import io.parley.core.session.SessionId;
import io.parley.voice.media.CallerReport;
import io.parley.voice.media.OutgoingAudio;
import io.parley.voice.cost.CallCosts;
import io.parley.voice.media.RtpStats;
import io.parley.voice.phone.machine.AnsweringMachineDetector;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls in progress on this node, by SIP Call-ID, and how calls end: the gauge of active calls
 * and the counter of calls by tenant and {@link CallEnd} cause (refusals included, under tenant
 * {@value #NO_TENANT} when the number named none). A call is here from its answer until its
 * {@link PhoneCall} stops, so it is counted once however it ends, and its time on the trunk priced once.
 */
public final class CallRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(CallRegistry.class);
  /** The tenant label of a refusal before the dialled number was mapped to a tenant. */
  static final String NO_TENANT = "none";

  /** A call as listed, and where its RTP statistics and the caller's RTCP view are read when it is shown. */
  private record Listed(OngoingCall call, Supplier<RtpStats> media, Supplier<CallerReport> reported,
      Spend.Direction direction) {}

  private final Map<String, Listed> calls = new ConcurrentHashMap<>();
  private final Gauge active;
  private final Counter ended;
  private final Counter transfers;
  private final Counter verdicts;
  private final Clock clock;
  private final CallCosts costs;

  /** {@code costs}: where each call's time on the trunk is priced, once it ended. */
  public CallRegistry(PrometheusRegistry registry, Clock clock, CallCosts costs) {
    this.clock = clock;
    this.costs = costs;
    active = Gauge.builder().name("parley_phone_calls_active").help("Phone calls in progress on this node, by tenant.")
        .labelNames("tenant").register(registry);
    ended = Counter.builder().name("parley_phone_calls_total").help(
        "Phone calls that ended or were refused, by tenant and cause (caller_hung_up, bot_ended, busy, ...).")
        .labelNames("tenant", "cause").register(registry);
    transfers = Counter.builder().name("parley_phone_transfers_total").help(
        "Blind transfers of calls (REFER), by tenant and outcome: transferred, or failed (the caller stays with the bot).")
        .labelNames("tenant", "outcome").register(registry);
    verdicts = Counter.builder().name("parley_phone_answering_machine_verdicts_total").help(
        "Calls the node placed and screened for an answering machine, by tenant and verdict: human, machine, unsure.")
        .labelNames("tenant", "result").register(registry);
  }

  /** A screened call's verdict: who answered. */
  void screened(String tenant, AnsweringMachineDetector.Result result) {
    verdicts.labelValues(tenant, result.label()).inc();
  }

  /**
   * A call answered with the G.711 {@code codec} (its RTP payload type), for session {@code id};
   * {@code media} tells how its audio arrives, {@code reported} how the caller says the bot's does;
   * {@code direction}: who placed it, which the trunk's price depends on.
   */
  void answered(String callId, SessionId id, String callerUserId, int codec, Supplier<RtpStats> media,
      Supplier<CallerReport> reported, Spend.Direction direction) {
    calls.put(callId, new Listed(new OngoingCall(callId, id.wireId(), id.tenant(), callerUserId,
        codec == OutgoingAudio.PCMA ? "PCMA" : "PCMU", clock.instant(), OngoingCall.ANSWERING, RtpStats.NONE,
        CallerReport.NONE), media, reported, direction));
    active.labelValues(id.tenant()).inc();
  }

  /** A call listed as answered whose setup failed before it began: no longer listed, and never connected. */
  void notStarted(String callId) {
    Listed listed = calls.remove(callId);
    if (listed != null) active.labelValues(listed.call().tenant()).dec();
  }

  /** The call's session and engines are ready: the caller hears the greeting. */
  void connected(String callId) {
    calls.computeIfPresent(callId, (id, listed) -> new Listed(listed.call().connected(), listed.media(), listed.reported(),
        listed.direction()));
  }

  /** The call is over; only its first end counts. */
  void ended(String callId, CallEnd cause) {
    Listed listed = calls.remove(callId);
    if (listed == null) return;
    OngoingCall call = listed.call();
    active.labelValues(call.tenant()).dec();
    ended.labelValues(call.tenant(), cause.wireName()).inc();
    Duration connected = Duration.between(call.startedAt(), clock.instant());
    costs.connected(call.tenant(), call.sessionId(), callId, listed.direction(), connected);
    LOG.atInfo().addKeyValue("callId", callId).addKeyValue("sessionId", call.sessionId())
        .addKeyValue("cause", cause.wireName())
        .addKeyValue("seconds", connected.toSeconds())
        .log("call ended: {}", cause.wireName());
  }

  /** A transfer of the call ended: the caller is with the target, or ({@code transferred} false) still with the bot. */
  void transferEnded(String callId, boolean transferred) {
    Listed listed = calls.get(callId);
    if (listed != null) transfers.labelValues(listed.call().tenant(), transferred ? "transferred" : "failed").inc();
  }

  /** A call refused before its answer ({@code tenant} empty: the dialled number named none). */
  void refused(Optional<String> tenant, CallEnd cause) {
    ended.labelValues(tenant.orElse(NO_TENANT), cause.wireName()).inc();
  }

  /** The calls in progress, oldest first, with their audio's statistics as of now; only {@code tenant}'s when given. */
  public List<OngoingCall> calls(Optional<String> tenant) {
    return calls.values().stream().filter(listed -> tenant.map(listed.call().tenant()::equals).orElse(true))
        .map(listed -> listed.call().withMedia(listed.media().get(), listed.reported().get()))
        .sorted(Comparator.comparing(OngoingCall::startedAt).thenComparing(OngoingCall::callId)).toList();
  }
}
