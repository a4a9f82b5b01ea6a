package io.parley.voice.phone;

import gov.nist.javax.sip.message.SIPRequest;
import io.parley.core.call.CallEnd;
import io.parley.core.cost.Spend;
import io.parley.core.call.CallRouting;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.limits.SourceRate;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.session.PageContext;
import io.parley.core.session.SessionId;
import io.parley.sessions.Edges;
import io.parley.sessions.bot.PhoneNumbers;
import io.parley.sessions.entity.ChatSessions;
import io.parley.voice.VoiceCalls;
import io.parley.voice.recording.CallRecordings;
import io.parley.voice.phone.outbound.OutboundCall;
import io.parley.voice.phone.outbound.OutboundCalls;
import io.parley.voice.phone.outbound.OutboundProgress;
import io.parley.voice.phone.outbound.OutboundSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's SIP user agent server: a trunk or PBX calls the support number, and each answered call becomes a
 * {@link PhoneCall} with a session of channel {@code phone}. INVITE gets 100 Trying and 180 Ringing at once, and 200
 * OK with the SDP answer once the call's session has started and the voice engines are ready (a
 * {@link RingingInvite}); each carries the session id in {@code X-Parley-Session}. A CANCEL before that gets 487 for
 * the INVITE, and a session started is closed as {@code caller cancelled}. ACK, BYE both ways and OPTIONS are handled;
 * a re-INVITE or UPDATE in the call is answered with the same media or its new direction ({@link DialogMedia}) and
 * refreshes the session timer (RFC 4028); an INFO carries a key ({@link KeypadInfo}); responses carry the dialog's
 * headers ({@link DialogHeaders}); dialogs, transactions and UDP retransmissions are the NIST JAIN SIP stack's.
 * Refusals: 503 with Retry-After for a source past its rate of new calls and with no RTP port free, 401 or 403 from
 * the {@link TrunkGate}, then those of a routed call's {@link RoutedInviteChecks} (the number's tenant, the voice
 * engines, the call limit, the offer, the session interval); each logged once a minute per source ({@link RefusalLog}).
 * An INVITE the node fails to handle gets 500.
 */
public final class SipBridge implements SipListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SipBridge.class);

  private final SipSettings settings;
  private final SipStack stack;
  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final CallDialogs calls;
  private final CallStart callStart;
  private final CallTransfers transfers;
  private final KeypadInfo keypadInfo;
  private final RtpMedia media;
  private final CallRegistry registry;
  private final SourceRate invites;
  private final RefusalLog refusals = new RefusalLog();
  private final TrunkGate gate;
  private final PhoneNumbers numbers;
  private final DialogHeaders dialogHeaders;
  private final InviteResponses responses;
  private final RoutedInviteChecks checks;
  private final ContentTypeHeader sdp;
  private final OutboundCalls outbound;
  private final WarmTransfers warm;
  private final ScheduledExecutorService ringTimer;
  // Calls are set up (tenant key, port, actor) one by one here: not on the stack's thread, which must take a
  // CANCEL meanwhile, nor on an actor's, where a directory's answer arrives.
  private final ExecutorService callSetup = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
      .name("sip-call-setup").factory());

  private SipBridge(SipSettings settings, ActorSystem<?> system, ChatSessions sessions, VoiceCalls voice,
      Duration askTimeout, SipStack stack, SipProvider provider, SipFactory factory, Edges edges,
      RtpMedia media, CallRegistry registry, PhoneNumbers numbers, TenantDirectory tenants,
      PrometheusRegistry metrics, OutboundSettings outboundSettings, OutboundAddressPolicy policy,
      CallRecordings recordings, TenantSecrets secrets) throws Exception {
    this.numbers = numbers;
    this.settings = settings;
    this.stack = stack;
    this.provider = provider;
    this.messages = factory.createMessageFactory();
    this.headers = factory.createHeaderFactory();
    this.addresses = factory.createAddressFactory();
    this.transfers = new CallTransfers(provider, messages, headers, addresses);
    this.dialogHeaders = new DialogHeaders(settings, headers, addresses);
    this.responses = new InviteResponses(messages, headers, dialogHeaders);
    this.sdp = headers.createContentTypeHeader("application", "sdp");
    this.media = media;
    this.registry = registry;
    this.calls = new CallDialogs(provider, responses, sdp, transfers, registry);
    this.keypadInfo = new KeypadInfo(messages, headers, calls);
    this.checks = new RoutedInviteChecks(messages, responses, dialogHeaders, calls, registry, refusals, tenants, voice,
        settings::maxCalls);
    this.invites = new SourceRate(settings.invitesPerMinute());
    this.gate = new TrunkGate(settings, messages, headers, refusals);
    this.ringTimer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sip-ring-timer").factory());
    this.outbound = new OutboundCalls(settings, stack, provider, messages, headers, addresses, media, ringTimer,
        outboundSettings.ringTimeout(), this::outboundAnswered, metrics);
    this.warm = new WarmTransfers(system, outbound, voice, provider, ringTimer, outboundSettings.personDecides(), policy,
        metrics);
    this.callStart = new CallStart(settings, system, sessions, voice, askTimeout, edges, calls, registry, warm,
        recordings, secrets);
  }

  /**
   * Binds SIP on UDP and TCP; fails (the node does not start) when the port is taken. Calls are
   * among the node's {@code edges}: a graceful shutdown lets each finish its sentence and say goodbye.
   * Each call, answered or refused, is counted in {@code calls}, where the answered ones are
   * listed until they end; the RTP metrics go to {@code metrics}. {@code numbers} says which tenant a
   * dialled number reaches, and {@code tenants} whether that tenant is disabled. A call the node
   * places ({@link #dial}) that nobody answers within its {@code outboundSettings}' ring timeout is cancelled;
   * a warm transfer calls its person directly only at a host the outbound {@code policy} allows. Calls the
   * tenant records go to {@code recordings}; a party's user id is keyed by {@code secrets}.
   */
  public static SipBridge start(SipSettings settings, ActorSystem<?> system, ChatSessions sessions, VoiceCalls voice,
      Duration askTimeout, Edges edges, CallRegistry calls, PrometheusRegistry metrics,
      PhoneNumbers numbers, TenantDirectory tenants, OutboundSettings outboundSettings, OutboundAddressPolicy policy,
      CallRecordings recordings, TenantSecrets secrets) {
    try {
      SipFactory factory = SipFactory.getInstance();
      factory.setPathName("gov.nist");
      Properties properties = new Properties();
      properties.setProperty("javax.sip.STACK_NAME", "parley-" + UUID.randomUUID());
      properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
      // Its log lines under one logger name instead of the stack's random one, so logback.xml can quiet them.
      properties.setProperty("gov.nist.javax.sip.LOG4J_LOGGER_NAME", "gov.nist");
      // Bounded: a flood of INVITEs waits in the stack's queue, it does not grow threads without end.
      properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "8");
      properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
      // A transfer's NOTIFYs reach CallTransfers, which answers those of no transfer with 481.
      properties.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
      SipStack stack = factory.createSipStack(properties);
      ListeningPoint udp = stack.createListeningPoint(settings.host(), settings.port(), ListeningPoint.UDP);
      ListeningPoint tcp = stack.createListeningPoint(settings.host(), settings.port(), ListeningPoint.TCP);
      SipProvider provider = stack.createSipProvider(udp);
      provider.addListeningPoint(tcp);
      SipBridge bridge = new SipBridge(settings, system, sessions, voice, askTimeout, stack, provider, factory,
          edges, RtpMedia.start(metrics, settings.jitterBuffer(), settings.jitterBufferMax()), calls, numbers, tenants,
          metrics, outboundSettings, policy, recordings, secrets);
      provider.addSipListener(bridge);
      stack.start();
      LOG.info("SIP listening on {}:{} (UDP and TCP), RTP on ports {}-{}", settings.host(), settings.port(),
          settings.rtpPortMin(), settings.rtpPortMax());
      return bridge;
    } catch (Exception e) {
      throw new IllegalStateException(settings.notListening(e), e);
    }
  }

  /** Calls in progress on this node. */
  public int activeCalls() {
    return calls.size();
  }

  @Override
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    try {
      switch (request.getMethod()) {
        case Request.INVITE -> onInvite(event);
        case Request.BYE -> onBye(event);
        case Request.CANCEL -> onCancel(event);
        case Request.UPDATE -> calls.onUpdate(serverTransaction(event), request);
        case Request.OPTIONS -> respond(event, Response.OK);
        case Request.NOTIFY -> transfers.onNotify(event);
        case Request.ACK -> calls.onAck(request);
        case Request.INFO -> keypadInfo.onInfo(serverTransaction(event), request);
        default -> respond(event, Response.METHOD_NOT_ALLOWED);
      }
    } catch (Exception e) {
      LOG.warn("SIP {} could not be handled: {}", request.getMethod(), e.toString());
    }
  }

  private void onInvite(RequestEvent event) throws Exception {
    Request invite = event.getRequest();
    ServerTransaction transaction = serverTransaction(event);
    try {
      onInvite(transaction, invite);
    } catch (Exception e) {
      failed(transaction, invite, e);
    }
  }

  private void onInvite(ServerTransaction transaction, Request invite) throws Exception {
    Optional<CallDialogs.ActiveCall> inCall = calls.call(DialogHeaders.callId(invite));
    if (inCall.isPresent() && ((ToHeader) invite.getHeader(ToHeader.NAME)).getTag() != null) {
      calls.onOffer(transaction, invite, inCall.get());
      return;
    }
    String source = ((SIPRequest) invite).getRemoteAddress().getHostAddress();
    // A carrier's own address brings all its callers: the node's call limit, not the flood limit, bounds it.
    Optional<Duration> flooding = gate.isTrunkAddress(source) ? Optional.empty() : invites.take(source, Instant.now());
    if (flooding.isPresent()) {
      refusals.refused(source, "too many calls");
      registry.refused(Optional.empty(), CallEnd.BUSY);
      DialogHeaders.send(transaction, responses.unavailable(invite, flooding.get()));
      return;
    }
    DialogHeaders.send(transaction, messages.createResponse(Response.TRYING, invite));
    Optional<Response> unwelcome = gate.refusal(invite);
    if (unwelcome.isPresent()) {
      // A 401 is a challenge the trunk answers, not a refusal.
      if (unwelcome.get().getStatusCode() == Response.FORBIDDEN) registry.refused(Optional.empty(), CallEnd.FORBIDDEN);
      DialogHeaders.send(transaction, unwelcome.get());
      return;
    }
    String callId = DialogHeaders.callId(invite);
    calls.routing(callId, transaction);
    numbers.route(InviteResponses.dialled(invite)).whenCompleteAsync((route, failure) -> {
      try {
        if (failure != null) {
          // The directory did not answer: the trunk may try again, here or on another node.
          LOG.warn("the phone directory did not answer for a call: {}", failure.toString());
          registry.refused(Optional.empty(), CallEnd.BUSY);
          DialogHeaders.send(transaction, responses.unavailable(invite, Duration.ofSeconds(5)));
        } else {
          onRouted(transaction, invite, source, route);
        }
      } catch (Exception e) {
        failed(transaction, invite, e);
      } finally {
        calls.routed(callId, transaction);
      }
    }, callSetup);
  }

  /** A routed call the node fails to set up gets 500 (in the dialog its 180 began, when it rang) and is counted. */
  private void onRouted(ServerTransaction transaction, Request invite, String source, CallRouting.Route route) {
    try {
      ring(transaction, invite, source, route);
    } catch (Exception e) {
      if (failed(transaction, invite, e)) registry.refused(route.tenant(), CallEnd.FAILED);
    }
  }

  /** Whether the INVITE, which could not be handled, got its 500 now (not when it had its final response). */
  private boolean failed(ServerTransaction transaction, Request invite, Exception e) {
    LOG.warn("SIP INVITE could not be handled: {}", e.toString());
    calls.routed(DialogHeaders.callId(invite), transaction);
    return calls.refuseRinging(transaction, DialogHeaders.callId(invite), Response.SERVER_INTERNAL_ERROR)
        || responses.serverError(transaction, invite);
  }

  /** The INVITE of a number that reaches {@code route}'s tenant (or nobody: 404). */
  private void ring(ServerTransaction transaction, Request invite, String source, CallRouting.Route route)
      throws Exception {
    Optional<RoutedInviteChecks.Admitted> admitted = checks.admit(transaction, invite, source, route.tenant());
    if (admitted.isEmpty()) return;
    String tenant = admitted.get().tenant();
    SdpOffer offer = admitted.get().offer();
    SessionTimer timer = admitted.get().timer();
    // Before the call takes a port: this may need the tenant's key from the database.
    String userId = callStart.callerUserId(tenant, invite);
    int codec = offer.g711().get();
    SessionId id = SessionId.random(tenant);
    String callId = DialogHeaders.callId(invite);
    String transport = DialogHeaders.transport(invite);
    RtpChannel rtp;
    try {
      rtp = RtpChannel.open(InetAddress.getByName(settings.host()), settings.rtpPortMin(), settings.rtpPortMax(), offer, media);
    } catch (UncheckedIOException noFreePort) { // every port of the range in use: refused as at the call limit
      LOG.warn("a call refused: {}", noFreePort.getMessage());
      registry.refused(Optional.of(tenant), CallEnd.BUSY);
      DialogHeaders.send(transaction, responses.unavailable(invite, RoutedInviteChecks.BUSY_RETRY));
      return;
    }
    DialogMedia dialogMedia = new DialogMedia(rtp, codec, settings.advertised(), offer);
    ActorRef<PhoneCall.Command> actor;
    RingingInvite rung;
    try {
      String toTag = UUID.randomUUID().toString().substring(0, 8);
      Response ringing = responses.inDialog(messages.createResponse(Response.RINGING, invite), toTag, id, transport);
      Response ok = responses.inDialog(messages.createResponse(Response.OK, invite), toTag, id, transport);
      dialogHeaders.addSessionTimer(ok, timer);
      ok.setContent(dialogMedia.firstAnswer(), sdp);
      rung = new RingingInvite(transaction, ok, messages);
      if (!calls.ringing(callId, rung)) {
        registry.refused(Optional.of(tenant), CallEnd.CANCELLED);
        rtp.close();
        return;
      }
      DialogHeaders.send(transaction, ringing);
      // Listed before the call can stop, so that its end always finds it.
      registry.answered(callId, id, userId, codec, rtp::stats, rtp::callerReport, Spend.Direction.INBOUND);
      actor = callStart.phoneCall(callId, id, userId, rtp, () -> calls.answer(callId), route.draft(), timer,
          Optional.empty(), new PageContext(Map.of()), Optional.empty(), false);
    } catch (Exception e) {
      // Until the call's actor owns it, the channel is ours to close: it would send comfort silence forever.
      registry.notStarted(callId);
      rtp.close();
      throw e;
    }
    calls.add(callId, new CallDialogs.ActiveCall(transaction.getDialog(), actor, dialogMedia, transport,
        DialogHeaders.allows(invite, Request.UPDATE)), rung);
    LOG.atInfo().addKeyValue("callId", callId).addKeyValue("sessionId", id.wireId()).log("call ringing");
  }

  /**
   * Places {@code call} through the node's SIP stack; {@code progress} hears it ring, then its answer
   * (the call is then a session with its voice like an inbound call: transcript, handoff, transfer)
   * or its end. The voice engines load while it rings ({@link CallStart#placing}).
   *
   * @throws Exception when the INVITE cannot be sent (no free RTP port, an unusable address)
   */
  public void dial(OutboundCall call, Consumer<OutboundProgress> progress) throws Exception {
    callStart.placing();
    outbound.dial(call, progress);
  }

  /** A call placed here answered: a session and its voice, as an inbound call ({@link CallStart} is made after the outbound calls). */
  private void outboundAnswered(OutboundCall call, RtpChannel rtp, Dialog dialog, SdpOffer answer, Response ok,
      Consumer<OutboundProgress> progress) throws Exception {
    callStart.outboundAnswered(call, rtp, dialog, answer, ok, progress);
  }

  /** Cancels {@code tenant}'s call placed here that is not answered yet; false when there is none such on this node. */
  public boolean cancel(String tenant, String outboundCallId) {
    return outbound.cancel(tenant, outboundCallId);
  }

  /** The node stops: the calls it placed that are not answered yet are cancelled; completes once each ended, or after {@code within}. */
  public CompletionStage<Void> cancelUnanswered(Duration within) {
    return outbound.cancelAll(within);
  }

  /** The caller gave up before the answer: 200 for the CANCEL, 487 for the INVITE, and the session closes. */
  private void onCancel(RequestEvent event) throws Exception {
    respond(event, Response.OK);
    calls.cancel(DialogHeaders.callId(event.getRequest()));
  }

  private void onBye(RequestEvent event) throws Exception {
    respond(event, Response.OK);
    String callId = DialogHeaders.callId(event.getRequest());
    if (!warm.personHungUp(callId)) calls.callerHungUp(callId);
  }

  private ServerTransaction serverTransaction(RequestEvent event) throws Exception {
    return event.getServerTransaction() != null ? event.getServerTransaction()
        : provider.getNewServerTransaction(event.getRequest());
  }

  private void respond(RequestEvent event, int status) throws ParseException, SipException, InvalidArgumentException {
    Response response = DialogHeaders.tagged(messages.createResponse(status, event.getRequest()));
    if (event.getServerTransaction() != null) DialogHeaders.send(event.getServerTransaction(), response);
    else provider.sendResponse(response);
  }

  @Override
  public void processResponse(ResponseEvent event) {
    if (outbound.onResponse(event)) return;
    if (!calls.onResponse(event)) transfers.onResponse(event);
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    if (!outbound.onTimeout(event) && !calls.onTimeout(event)) transfers.onTimeout(event);
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    LOG.debug("SIP I/O problem with {}:{}", event.getHost(), event.getPort());
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {}

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {}

  /** Stops listening; calls in progress end as their sessions' media times out. */
  @Override
  public void close() {
    callSetup.shutdownNow();
    calls.hangUpAll();
    ringTimer.shutdownNow();
    stack.stop();
    media.close();
  }
}
