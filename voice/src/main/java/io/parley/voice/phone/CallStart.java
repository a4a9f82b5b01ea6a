package io.parley.voice.phone;

import io.parley.core.call.PhoneUsers;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.session.PageContext;
import io.parley.core.session.SessionId;
import io.parley.sessions.Edges;
import io.parley.sessions.entity.ChatSessions;
import io.parley.voice.VoiceCalls;
import io.parley.voice.phone.machine.Screening;
import io.parley.core.cost.Spend;
import io.parley.voice.recording.CallRecordings;
import io.parley.voice.phone.outbound.OutboundCall;
import io.parley.voice.phone.machine.AnsweringMachineDetector;
import io.parley.voice.phone.outbound.OutboundOffer;
import io.parley.voice.phone.outbound.OutboundProgress;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sip.Dialog;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a call, ringing in or placed by the node and answered, becomes a {@link PhoneCall}: its
 * actor with the session, the voice and the handover, and the party's user id, their number keyed
 * for the tenant ({@link PhoneUsers}), the same whichever way the call went.
 */
final class CallStart {
  private static final Logger LOG = LoggerFactory.getLogger(CallStart.class);

  private final SipSettings settings;
  private final ActorSystem<?> system;
  private final ChatSessions sessions;
  private final VoiceCalls voice;
  private final Duration askTimeout;
  private final Edges edges;
  private final CallDialogs calls;
  private final CallRegistry registry;
  private final WarmTransfers warm;
  private final CallRecordings recordings;
  private final TenantSecrets secrets;

  CallStart(SipSettings settings, ActorSystem<?> system, ChatSessions sessions, VoiceCalls voice, Duration askTimeout,
      Edges edges, CallDialogs calls, CallRegistry registry, WarmTransfers warm, CallRecordings recordings,
      TenantSecrets secrets) {
    this.secrets = secrets;
    this.warm = warm;
    this.settings = settings;
    this.system = system;
    this.sessions = sessions;
    this.voice = voice;
    this.askTimeout = askTimeout;
    this.edges = edges;
    this.calls = calls;
    this.registry = registry;
    this.recordings = recordings;
  }

  /**
   * The call's actor: its session, its voice, its handover; {@code answer} sends the 200 OK when it
   * has one to send; {@code placedCall}: the bot placed the call.
   */
  ActorRef<PhoneCall.Command> phoneCall(String callId, SessionId id, String userId, RtpChannel rtp,
      BooleanSupplier answer, boolean draft, SessionTimer timer, Optional<Integer> version, PageContext context,
      Optional<Screening> screening, boolean placedCall) {
    return system.systemActorOf(PhoneCall.create(new CallSetup(callId, id, userId, rtp, sessions.entity(id), voice,
            askTimeout, settings.greeting(), settings.mediaTimeout(), answer, () -> calls.hangUp(callId),
            new CallHandover.Means(settings.transferLine(), settings.shutdownLine(),
                (target, done) -> calls.transfer(callId, target, done), new WarmTransfers.ForCall(warm, id, rtp), edges),
            registry, draft, timer,
            timerToRefresh -> calls.refresh(callId, timerToRefresh), version, context, recordings, screening,
            placedCall, keys -> calls.press(callId, keys))),
        "phone-" + UUID.randomUUID(), Props.empty());
  }

  /**
   * A call is being placed: the voice engines, which a node loads for its first call, load while it
   * rings, so that whoever answers is greeted at once rather than after the load.
   */
  void placing() {
    voice.ready();
  }

  /**
   * An outbound call answered (2xx, acknowledged already): the call's media and dialog as an inbound
   * call's. {@code progress} hears it answered at once, or, screened for an answering machine, once
   * the callee was heard: answered by a person (or unsure), else a voicemail.
   */
  void outboundAnswered(OutboundCall call, RtpChannel rtp, Dialog sipDialog, SdpOffer answer, Response ok,
      Consumer<OutboundProgress> progress) throws Exception {
    String callId = sipDialog.getCallId().getCallId();
    SessionId id = SessionId.random(call.tenant());
    int codec = OutboundOffer.CODEC.get();
    String userId = PhoneUsers.userId(secrets, call.tenant(), call.number());
    DialogMedia dialogMedia = new DialogMedia(rtp, codec, settings.advertised(), answer);
    rtp.update(answer);
    registry.answered(callId, id, userId, codec, rtp::stats, rtp::callerReport, Spend.Direction.OUTBOUND);
    // Once: a call that stops before its verdict (its session could not start) says so as it stops.
    AtomicBoolean told = new AtomicBoolean();
    Optional<Screening> screening = call.onMachine().map(policy -> new Screening(policy, result -> {
      if (told.compareAndSet(false, true)) {
        progress.accept(result == AnsweringMachineDetector.Result.MACHINE ? new OutboundProgress.Voicemail(id)
            : new OutboundProgress.Answered(id));
      }
    }));
    ActorRef<PhoneCall.Command> actor;
    try {
      actor = phoneCall(callId, id, userId, rtp, () -> true, false, new SessionTimer.None(), call.version(),
          call.context(), screening, true);
    } catch (RuntimeException e) {
      registry.notStarted(callId);
      throw e;
    }
    calls.add(callId, new CallDialogs.ActiveCall(sipDialog, actor, dialogMedia, "udp",
        DialogHeaders.allows(ok, Request.UPDATE)));
    LOG.atInfo().addKeyValue("callId", callId).addKeyValue("sessionId", id.wireId()).log("outbound call answered");
    if (screening.isEmpty()) progress.accept(new OutboundProgress.Answered(id));
  }

  /** The caller, remembered across calls without their number in any key: their number keyed for the tenant. */
  String callerUserId(String tenant, Request invite) {
    return PhoneUsers.userId(secrets, tenant, ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI()
        instanceof SipURI uri && uri.getUser() != null ? SipSettings.digits(uri.getUser()) : "anonymous");
  }
}
