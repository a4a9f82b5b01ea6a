package io.parley.voice.phone;

import io.parley.core.call.TransferTarget;
import io.parley.core.call.WarmTransferOutcome;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.session.PageContext;
import io.parley.core.session.SessionId;
import io.parley.voice.VoiceCalls;
import io.parley.voice.phone.outbound.OutboundCall;
import io.parley.voice.phone.outbound.OutboundCalls;
import io.parley.voice.phone.transfer.ConsoleConsult;
import io.parley.voice.phone.transfer.ConsultListener;
import io.parley.voice.phone.transfer.HeldLine;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.SipProvider;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * The node's warm transfers: to the agents online in the agent console ({@link ConsoleConsult}),
 * or to a person at a SIP URI ({@link WarmConsult}). Each of the latter places its call to the person through the
 * node's outbound calls, directly to the target's SIP URI once the outbound policy allows its host
 * (as a call placed by the API to a SIP URI: a tenant's target must not send SIP into the
 * operator's network), and is found by the person's Call-ID when they hang up. The call is placed
 * off the caller's actor, as naming its host may wait for DNS. Counted by tenant and outcome in {@code parley_phone_warm_transfers_total}, the
 * caller's wait on hold in {@code parley_phone_warm_transfer_wait_seconds}.
 */
final class WarmTransfers {
  private static final Pattern SIP_URI = Pattern.compile("sips?:([^@]+)@([^:;]+)(?::([0-9]+))?.*");
  private static final int SIP_PORT = 5060;
  private static final int PHONE_RATE = 8_000;

  /** A call's own side of the node's warm transfers: its session and its RTP. */
  record ForCall(WarmTransfers transfers, SessionId session, RtpChannel caller) {
    /**
     * Starts the transfer to {@code target}, a SIP URI or {@link TransferTarget#CONSOLE}; what
     * ends it when the caller leaves.
     */
    Runnable start(String target, String brief, String staffLanguage, ConsultListener listener) {
      return transfers.start(session, caller, target, brief, staffLanguage, listener);
    }
  }

  private final ActorSystem<?> system;
  private final OutboundCalls outbound;
  private final VoiceCalls voice;
  private final SipProvider provider;
  private final ScheduledExecutorService timer;
  private final Duration personDecides;
  private final OutboundAddressPolicy policy;
  private final Map<String, WarmConsult> byPersonCallId = new ConcurrentHashMap<>();
  private final Counter outcomes;
  private final Histogram waits;

  WarmTransfers(ActorSystem<?> system, OutboundCalls outbound, VoiceCalls voice, SipProvider provider,
      ScheduledExecutorService timer, Duration personDecides, OutboundAddressPolicy policy, PrometheusRegistry metrics) {
    this.system = system;
    this.policy = policy;
    this.outbound = outbound;
    this.voice = voice;
    this.provider = provider;
    this.timer = timer;
    this.personDecides = personDecides;
    this.outcomes = Counter.builder().name("parley_phone_warm_transfers_total")
        .help("Warm transfers of phone calls to a person, by tenant and outcome: accepted, declined, no_answer, busy,"
            + " failed.").labelNames("tenant", "outcome").register(metrics);
    this.waits = Histogram.builder().name("parley_phone_warm_transfer_wait_seconds")
        .help("How long a caller waited on hold in a warm transfer until it was accepted or given up, by tenant.")
        .classicUpperBounds(5, 10, 20, 30, 45, 60, 90).labelNames("tenant").register(metrics);
  }

  /**
   * Starts the transfer of {@code session}'s caller (on {@code caller}) to {@code target}: the
   * person at a SIP URI hears {@code brief} in {@code staffLanguage}; the agents online in the
   * console read it. {@code listener} hears the outcome once; what is returned ends the transfer
   * as the caller leaves.
   */
  Runnable start(SessionId session, RtpChannel caller, String target, String brief, String staffLanguage,
      ConsultListener listener) {
    long startedNanos = System.nanoTime();
    String tenant = session.tenant();
    WarmConsult[] consult = new WarmConsult[1];
    ConsultListener counted = new ConsultListener() {
      @Override
      public void decided(WarmTransferOutcome outcome, Optional<Integer> sipStatus) {
        outcomes.labelValues(tenant, outcome.wireName()).inc();
        waits.labelValues(tenant).observe((System.nanoTime() - startedNanos) / 1e9);
        if (!outcome.bridged() && consult[0] != null) consult[0].personCallId().ifPresent(byPersonCallId::remove);
        listener.decided(outcome, sipStatus);
      }

      @Override
      public void personLeft() {
        if (consult[0] != null) consult[0].personCallId().ifPresent(byPersonCallId::remove);
        listener.personLeft();
      }
    };
    if (TransferTarget.isConsole(target)) {
      ActorRef<ConsoleConsult.Command> console = system.systemActorOf(
          ConsoleConsult.create(session, held(caller), brief, personDecides, counted),
          "console-transfer-" + UUID.randomUUID(), Props.empty());
      return () -> console.tell(new ConsoleConsult.CallerLeft());
    }
    consult[0] = new WarmConsult(session, provider, caller,
        voice.ready().thenCompose(ready -> voice.spoken(brief, staffLanguage)),
        words -> voice.heardLocally(words, PHONE_RATE), timer, personDecides, counted);
    OutboundCall call = callTo(new TransferTarget(target), tenant);
    Thread.ofVirtual().name("warm-transfer-dial").start(() -> consult[0].start(call, (placed, progress, answered) -> {
      Optional<String> refused = policy.refusalOfHost(placed.host());
      if (refused.isPresent()) throw new IllegalArgumentException("the outbound policy refuses the target: " + refused.get());
      outbound.dial(placed, progress, (answeredCall, rtp, dialog, answer, ok, answeredProgress) -> {
        byPersonCallId.put(dialog.getCallId().getCallId(), consult[0]);
        answered.connect(answeredCall, rtp, dialog, answer, ok, answeredProgress);
      });
    }));
    return () -> end(consult[0]);
  }

  /** The caller's line as a transfer to the console holds it. */
  private static HeldLine held(RtpChannel caller) {
    return new HeldLine() {
      private final Consumer<RtpChannel.CallerFrame> toBot = caller.hearing(frame -> {});

      @Override
      public void hearing(Consumer<short[]> next) {
        caller.hearing(frame -> next.accept(frame.samples()));
      }

      @Override
      public void backToBot() {
        caller.hearing(toBot);
      }

      @Override
      public void play(Supplier<short[]> source) {
        caller.play(source);
      }

      @Override
      public void send(short[] samples) {
        caller.send(samples);
      }
    };
  }

  /** Ends {@code consult} as its caller left: the person's leg hangs up, or stops ringing. */
  private void end(WarmConsult consult) {
    consult.end(outbound::cancel);
    consult.personCallId().ifPresent(byPersonCallId::remove);
  }

  /** A BYE in the dialog of a person called for a warm transfer; false when {@code sipCallId} is none of theirs. */
  boolean personHungUp(String sipCallId) {
    WarmConsult consult = byPersonCallId.remove(sipCallId);
    if (consult == null) return false;
    consult.personHungUp();
    return true;
  }

  /** The call to the person at {@code target}: its user at its host, shown as the node. */
  static OutboundCall callTo(TransferTarget target, String tenant) {
    Matcher uri = SIP_URI.matcher(target.uri());
    if (!uri.matches()) throw new IllegalArgumentException("not a SIP URI: " + target.masked());
    int port = uri.group(3) == null ? SIP_PORT : Integer.parseInt(uri.group(3));
    return new OutboundCall("warm-" + UUID.randomUUID(), tenant, uri.group(1), uri.group(2), port, "parley",
        Optional.empty(), new PageContext(Map.of()), Optional.empty(), uri.group(1));
  }
}
