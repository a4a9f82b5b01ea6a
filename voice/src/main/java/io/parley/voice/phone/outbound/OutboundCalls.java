package io.parley.voice.phone.outbound;

import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AccountManager;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import io.parley.voice.phone.RtpChannel;
import io.parley.voice.phone.RtpMedia;
import io.parley.voice.phone.SdpOffer;
import io.parley.voice.phone.SipSettings;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls this node places and that are not answered yet, by SIP Call-ID and by their API id:
 * each INVITE goes out with the node's offer ({@link OutboundOffer}) on a fresh RTP channel, its
 * responses reach its {@link OutboundDialog}, its ring timeout cancels it. Counted by tenant and
 * outcome in {@code parley_phone_outbound_calls_total}.
 */
public final class OutboundCalls {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundCalls.class);
  private static final Duration CANCEL_ANSWERED_WITHIN = Duration.ofSeconds(32);

  /**
   * What an answered call becomes: a session with its voice, as an inbound call's; {@code rtp} is
   * the channel the call was dialled on. It tells {@code progress} that the call was answered (or,
   * screened, reached a machine) once it knows.
   */
  public interface Connector {
    void connect(OutboundCall call, RtpChannel rtp, Dialog sipDialog, SdpOffer answer, Response ok,
        Consumer<OutboundProgress> progress) throws Exception;
  }

  private final Map<String, OutboundDialog> bySipCallId = new ConcurrentHashMap<>();
  private final Map<String, OutboundDialog> byId = new ConcurrentHashMap<>();
  /** Completed once each call not decided yet is: answered, voicemail or ended. */
  private final Map<String, CompletableFuture<Void>> decisions = new ConcurrentHashMap<>();
  /** What a call placed for something other than a session of its own becomes when answered (a warm transfer's person). */
  private final Map<String, Connector> ownConnectors = new ConcurrentHashMap<>();
  private final SipSettings settings;
  private final SipStack stack;
  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final RtpMedia media;
  private final ScheduledExecutorService timer;
  private final Duration ringTimeout;
  private final Connector connector;
  private final Counter outcomes;

  public OutboundCalls(SipSettings settings, SipStack stack, SipProvider provider, MessageFactory messages,
      HeaderFactory headers, AddressFactory addresses, RtpMedia media, ScheduledExecutorService timer,
      Duration ringTimeout, Connector connector, PrometheusRegistry registry) {
    this.settings = settings;
    this.stack = stack;
    this.provider = provider;
    this.messages = messages;
    this.headers = headers;
    this.addresses = addresses;
    this.media = media;
    this.timer = timer;
    this.ringTimeout = ringTimeout;
    this.connector = connector;
    this.outcomes = Counter.builder().name("parley_phone_outbound_calls_total").help(
        "Calls the node placed (POST /v1/calls), by tenant and outcome: answered, voicemail, busy, no_answer, declined,"
            + " failed, cancelled.").labelNames("tenant", "outcome").register(registry);
  }

  /**
   * As {@link #dial(OutboundCall, Consumer)}, the answered call handed to {@code answered} instead
   * of becoming a session of its own.
   */
  public void dial(OutboundCall call, Consumer<OutboundProgress> progress, Connector answered) throws Exception {
    ownConnectors.put(call.id(), answered);
    try {
      dial(call, progress);
    } catch (Exception e) {
      ownConnectors.remove(call.id());
      throw e;
    }
  }

  /** Sends the INVITE; {@code progress} hears the call ring, and then its answer or its end, once. */
  public void dial(OutboundCall call, Consumer<OutboundProgress> progress) throws Exception {
    RtpChannel rtp = RtpChannel.open(InetAddress.getByName(settings.host()), settings.rtpPortMin(), settings.rtpPortMax(),
        OutboundOffer.template(), media);
    try {
      Request invite = invite(call, rtp.localPort());
      String sipCallId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
      ClientTransaction transaction = provider.getNewClientTransaction(invite);
      OutboundDialog dialog = new OutboundDialog(call, rtp, transaction, line(),
          counted(call, sipCallId, progress));
      bySipCallId.put(sipCallId, dialog);
      decisions.put(call.id(), new CompletableFuture<>());
      byId.put(call.id(), dialog);
      transaction.sendRequest();
      timer.schedule(() -> cancelled(dialog, OutboundOutcome.NO_ANSWER), ringTimeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.atInfo().addKeyValue("callId", sipCallId).addKeyValue("outboundCall", call.id()).log("outbound call dialled");
    } catch (Exception e) {
      decisions.remove(call.id());
      rtp.close();
      throw e;
    }
  }

  /** The API's cancel before the answer; false when the call is not {@code tenant}'s, ringing on this node. */
  public boolean cancel(String tenant, String id) {
    OutboundDialog dialog = byId.get(id);
    return dialog != null && dialog.call().tenant().equals(tenant) && cancel(id);
  }

  /** Cancels a call of the node's own (a warm transfer's person) before the answer; false when it is not ringing. */
  public boolean cancel(String id) {
    OutboundDialog dialog = byId.get(id);
    return dialog != null && cancelled(dialog, OutboundOutcome.CANCELLED);
  }

  /**
   * The node stops: every call not answered yet is cancelled (CANCEL, outcome {@code cancelled}),
   * so no phone rings on for a node that can no longer take the answer. Completes once each has
   * its outcome, or after {@code within} (a far end that never answers the CANCEL).
   */
  public CompletionStage<Void> cancelAll(Duration within) {
    List<CompletableFuture<Void>> decided = new ArrayList<>();
    for (OutboundDialog dialog : List.copyOf(byId.values())) {
      Optional.ofNullable(decisions.get(dialog.call().id())).ifPresent(decided::add);
      cancelled(dialog, OutboundOutcome.CANCELLED);
    }
    if (!decided.isEmpty()) LOG.info("{} outbound calls not answered yet cancelled: the node stops", decided.size());
    return CompletableFuture.allOf(decided.toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** CANCEL; the far end has the INVITE's transaction time (64 T1, 32 s) to end it with 487 before the node does. */
  private boolean cancelled(OutboundDialog dialog, OutboundOutcome as) {
    boolean sent = dialog.cancel(as);
    if (sent) timer.schedule(dialog::abandon, CANCEL_ANSWERED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    return sent;
  }

  /** A response to an INVITE or CANCEL of this node's; false for any other. */
  public boolean onResponse(ResponseEvent event) {
    OutboundDialog dialog = bySipCallId.get(((CallIdHeader) event.getResponse().getHeader(CallIdHeader.NAME)).getCallId());
    return dialog != null && dialog.onResponse(event);
  }

  public boolean onTimeout(TimeoutEvent event) {
    ClientTransaction transaction = event.getClientTransaction();
    if (transaction == null) return false;
    OutboundDialog dialog = bySipCallId.get(((CallIdHeader) transaction.getRequest().getHeader(CallIdHeader.NAME))
        .getCallId());
    if (dialog == null || !transaction.getRequest().getMethod().equals(Request.INVITE)) return false;
    dialog.onTimeout();
    return true;
  }

  private Consumer<OutboundProgress> counted(OutboundCall call, String sipCallId, Consumer<OutboundProgress> progress) {
    return step -> {
      Optional<OutboundOutcome> outcome = switch (step) {
        case OutboundProgress.Answered answered -> Optional.of(OutboundOutcome.ANSWERED);
        case OutboundProgress.Voicemail voicemail -> Optional.of(OutboundOutcome.VOICEMAIL);
        case OutboundProgress.Ended ended -> Optional.of(ended.outcome());
        case OutboundProgress.Ringing ringing -> Optional.empty();
      };
      outcome.ifPresent(decided -> {
        byId.remove(call.id());
        ownConnectors.remove(call.id());
        // A late 2xx after a CANCEL still needs its dialog: the Call-ID stays known a while.
        timer.schedule(() -> bySipCallId.remove(sipCallId), 1, TimeUnit.MINUTES);
        outcomes.labelValues(call.tenant(), decided.wireName()).inc();
        LOG.atInfo().addKeyValue("outboundCall", call.id()).log("outbound call {}", decided.wireName());
      });
      try {
        progress.accept(step);
      } finally {
        // After those who follow the call heard it: a stopping node waits for the outcomes to be told.
        if (outcome.isPresent()) Optional.ofNullable(decisions.remove(call.id())).ifPresent(done -> done.complete(null));
      }
    };
  }

  private OutboundDialog.Line line() {
    return new OutboundDialog.Line() {
      @Override
      public Optional<ClientTransaction> authenticated(Response challenge, ClientTransaction challenged) throws Exception {
        OutboundCall call = bySipCallId.get(((CallIdHeader) challenge.getHeader(CallIdHeader.NAME)).getCallId()).call();
        if (call.login().isEmpty()) return Optional.empty();
        OutboundCall.Login login = call.login().get();
        AccountManager account = (transaction, realm) -> new UserCredentials() {
          @Override
          public String getUserName() {
            return login.username();
          }

          @Override
          public String getPassword() {
            return login.password();
          }

          @Override
          public String getSipDomain() {
            return call.host();
          }
        };
        return Optional.of(((SipStackExt) stack).getAuthenticationHelper(account, headers)
            .handleChallenge(challenge, challenged, provider, 5));
      }

      @Override
      public void connect(OutboundDialog dialog, Dialog sipDialog, SdpOffer answer, Response ok,
          Consumer<OutboundProgress> progress) throws Exception {
        ownConnectors.getOrDefault(dialog.call().id(), connector)
            .connect(dialog.call(), dialog.rtp(), sipDialog, answer, ok, progress);
      }

      @Override
      public ClientTransaction transaction(Request request) throws Exception {
        return provider.getNewClientTransaction(request);
      }
    };
  }

  private Request invite(OutboundCall call, int rtpPort) throws Exception {
    SipURI target = addresses.createSipURI(call.user(), call.host());
    target.setPort(call.port());
    SipURI from = addresses.createSipURI(call.callerId(), call.login().isPresent() ? call.host() : settings.advertised());
    String transport = "udp";
    ViaHeader via = headers.createViaHeader(settings.advertised(), settings.port(), transport, null);
    SipURI contact = addresses.createSipURI("parley", settings.advertised());
    contact.setPort(settings.port());
    Request invite = messages.createRequest(target, Request.INVITE, provider.getNewCallId(),
        headers.createCSeqHeader(1L, Request.INVITE),
        headers.createFromHeader(addresses.createAddress(from), UUID.randomUUID().toString().substring(0, 8)),
        headers.createToHeader(addresses.createAddress(addresses.createSipURI(call.user(), call.host())), null),
        List.of(via), headers.createMaxForwardsHeader(70));
    invite.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
    invite.setContent(OutboundOffer.sdp(settings.advertised(), rtpPort), headers.createContentTypeHeader("application", "sdp"));
    return invite;
  }
}
