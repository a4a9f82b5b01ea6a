package io.parley.voice.phone;

import io.parley.core.call.TransferTarget;
import io.parley.voice.phone.keys.KeysByInfo;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP dialogs of this node's calls, from 180 Ringing to the last BYE: the INVITEs still
 * ringing, the answered calls' offers (re-INVITE, UPDATE, and the ACK answering the node's own
 * offer), the session refreshes the node sends (RFC 4028), the bot's keys as SIP INFO where the
 * caller takes no telephone-event ({@link KeysByInfo}), its BYE, and a blind transfer.
 */
final class CallDialogs {
  private static final Logger LOG = LoggerFactory.getLogger(CallDialogs.class);
  /** RFC 4028's status, which JAIN SIP's Response does not name. */
  private static final int SESSION_INTERVAL_TOO_SMALL = 422;

  /**
   * A call in its dialog: its actor, its SDP, the transport the caller uses, and whether the
   * caller takes UPDATE (the node's session refreshes use it then, else a re-INVITE).
   */
  record ActiveCall(Dialog dialog, ActorRef<PhoneCall.Command> actor, DialogMedia media, String transport,
      boolean callerAllowsUpdate) {}

  private final Map<String, ActiveCall> calls = new ConcurrentHashMap<>();
  private final Map<String, RingingInvite> ringing = new ConcurrentHashMap<>();
  /** INVITEs being routed (their tenant, key and port), not ringing yet: a CANCEL now ends them before they ring. */
  private final Map<String, ServerTransaction> routing = new ConcurrentHashMap<>();
  private final SipProvider provider;
  private final MessageFactory messages;
  private final InviteResponses responses;
  private final DialogHeaders dialogHeaders;
  private final ContentTypeHeader sdp;
  private final CallTransfers transfers;
  private final CallRegistry registry;
  private final KeysByInfo keysByInfo;

  CallDialogs(SipProvider provider, InviteResponses responses, ContentTypeHeader sdp, CallTransfers transfers,
      CallRegistry registry) {
    this.provider = provider;
    this.responses = responses;
    this.messages = responses.messages();
    this.dialogHeaders = responses.dialogHeaders();
    this.sdp = sdp;
    this.transfers = transfers;
    this.registry = registry;
    this.keysByInfo = new KeysByInfo(provider, dialogHeaders.headers());
  }

  /** Calls in progress, ringing or answered. */
  int size() {
    return calls.size();
  }

  Optional<ActiveCall> call(String callId) {
    return Optional.ofNullable(calls.get(callId));
  }

  /** {@code transaction}'s INVITE is being routed; {@link #routed} once it rang or was refused. */
  void routing(String callId, ServerTransaction transaction) {
    routing.put(callId, transaction);
  }

  void routed(String callId, ServerTransaction transaction) {
    routing.remove(callId, transaction);
  }

  /**
   * The routed INVITE rings: it waits for its 200 OK until the call's session and engines are ready;
   * false when the caller cancelled it while it was routed (it had its 487 then).
   */
  boolean ringing(String callId, RingingInvite invite) {
    AtomicBoolean rang = new AtomicBoolean();
    // One step with the CANCEL's removal: the CANCEL finds the INVITE routing or ringing, never neither.
    routing.computeIfPresent(callId, (id, transaction) -> {
      ringing.put(id, invite);
      rang.set(true);
      return null;
    });
    return rang.get();
  }

  /**
   * The call {@code transaction}'s INVITE rang for could not be set up after all: {@code status} in
   * the dialog its 180 began; false when that INVITE did not ring or was answered already.
   */
  boolean refuseRinging(ServerTransaction transaction, String callId, int status) {
    RingingInvite invite = ringing.get(callId);
    if (invite == null || !invite.of(transaction) || !ringing.remove(callId, invite)) return false;
    return invite.refuse(status);
  }

  void add(String callId, ActiveCall call) {
    calls.put(callId, call);
  }

  /** The dialog of a call that rang as {@code invite}; a CANCEL that came while its actor was made is told to it now. */
  void add(String callId, ActiveCall call, RingingInvite invite) {
    calls.put(callId, call);
    if (invite.cancelled()) callerCancelled(callId);
  }

  /**
   * A re-INVITE or UPDATE in the call: its offer answered on the same port and codec (a hold's
   * direction mirrored and honoured), or for a re-INVITE without one the node's current SDP offered
   * (the answer comes in the ACK); 488 for an offer without the call's codec, the call going on as
   * it was; the session timer counts again from here.
   */
  void onOffer(ServerTransaction transaction, Request request, ActiveCall call) throws Exception {
    SessionTimer timer = dialogHeaders.sessionTimer(request);
    if (timer instanceof SessionTimer.TooSmall tooSmall) {
      DialogHeaders.send(transaction, intervalTooSmall(request, tooSmall));
      return;
    }
    byte[] body = request.getRawContent();
    boolean hasOffer = body != null && body.length > 0;
    Optional<String> answer = hasOffer
        ? SdpOffer.parse(new String(body, StandardCharsets.UTF_8)).flatMap(call.media()::answer)
        : Optional.of(call.media().current()).filter(offer -> request.getMethod().equals(Request.INVITE));
    if (hasOffer && answer.isEmpty()) {
      DialogHeaders.send(transaction, messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request));
      return;
    }
    Response ok = messages.createResponse(Response.OK, request);
    dialogHeaders.addDialogHeaders(ok, call.transport());
    dialogHeaders.addSessionTimer(ok, timer);
    if (answer.isPresent()) ok.setContent(answer.get(), sdp);
    DialogHeaders.send(transaction, ok);
    call.actor().tell(new PhoneCall.SessionRefreshed(timer));
    LOG.atInfo().addKeyValue("callId", DialogHeaders.callId(request))
        .log("{} answered: the caller's audio {}", request.getMethod(), call.media().direction().attribute());
  }

  /** UPDATE (RFC 3311): a session refresh or a new offer in the call; 481 for no call of this node's. */
  void onUpdate(ServerTransaction transaction, Request update) throws Exception {
    String callId = DialogHeaders.callId(update);
    ActiveCall call = calls.get(callId);
    if (call == null) {
      DialogHeaders.send(transaction, messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, update));
    } else if (ringing.containsKey(callId)) {
      // The INVITE's own offer is not answered yet: an offer now would cross it (RFC 3311 §5.2).
      DialogHeaders.send(transaction, messages.createResponse(Response.REQUEST_PENDING, update));
    } else {
      onOffer(transaction, update, call);
    }
  }

  /** An ACK with a body answers the offer the node made for a re-INVITE that brought none. */
  void onAck(Request ack) {
    byte[] body = ack.getRawContent();
    ActiveCall call = calls.get(DialogHeaders.callId(ack));
    if (call == null || body == null || body.length == 0) return;
    SdpOffer.parse(new String(body, StandardCharsets.UTF_8)).ifPresent(call.media()::answered);
  }

  /** 422 Session Interval Too Small (RFC 4028), with the node's Min-SE. */
  Response intervalTooSmall(Request request, SessionTimer.TooSmall tooSmall) throws Exception {
    Response response = messages.createResponse(SESSION_INTERVAL_TOO_SMALL, request);
    dialogHeaders.addMinimum(response, tooSmall);
    return response;
  }

  /**
   * The node refreshes the session it is the refresher of (RFC 4028 §7.4): an UPDATE without a body
   * when the caller takes UPDATE, else a re-INVITE with the node's current SDP.
   */
  void refresh(String callId, SessionTimer.Running timer) {
    ActiveCall call = calls.get(callId);
    if (call == null || call.dialog() == null) return;
    try {
      boolean update = call.callerAllowsUpdate();
      Request refresh = call.dialog().createRequest(update ? Request.UPDATE : Request.INVITE);
      dialogHeaders.addRefresh(refresh, timer, call.transport());
      if (!update) refresh.setContent(call.media().current(), sdp);
      call.dialog().sendRequest(provider.getNewClientTransaction(refresh));
    } catch (Exception e) {
      LOG.warn("the session refresh of call {} could not be sent: {}", callId, e.toString());
    }
  }

  /**
   * The bot presses {@code keys} in the call: as telephone-events when the caller's latest SDP named
   * their type, else as SIP INFO in its dialog, and as tones once the caller refuses an INFO.
   */
  void press(String callId, String keys) {
    ActiveCall call = calls.get(callId);
    if (call == null) return;
    if (call.dialog() == null || call.media().takesKeyEvents()) {
      call.media().press(keys);
    } else {
      keysByInfo.press(callId, call.dialog(), keys, call.media()::press);
    }
  }

  /** A response to a request of a call's: an INFO's that carried the bot's key, or a session refresh's. */
  boolean onResponse(ResponseEvent event) {
    return keysByInfo.onResponse(event) || onRefreshAnswered(event);
  }

  /** An INFO of the bot's key went unanswered: its keys go as tones. */
  boolean onTimeout(TimeoutEvent event) {
    return keysByInfo.onTimeout(event);
  }

  /** The caller's 2xx to the node's refresh: a re-INVITE's is acknowledged, and the session timer counts again. */
  boolean onRefreshAnswered(ResponseEvent event) {
    Response response = event.getResponse();
    CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
    boolean refreshMethod = cseq.getMethod().equals(Request.UPDATE) || cseq.getMethod().equals(Request.INVITE);
    ActiveCall call = calls.get(((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId());
    if (!refreshMethod || call == null) return false;
    if (response.getStatusCode() / 100 != 2) return true;
    try {
      if (cseq.getMethod().equals(Request.INVITE)) call.dialog().sendAck(call.dialog().createAck(cseq.getSeqNumber()));
      call.actor().tell(new PhoneCall.SessionRefreshed(dialogHeaders.sessionTimerAfterRefresh(response)));
    } catch (Exception e) {
      LOG.warn("the answer to a session refresh could not be acknowledged: {}", e.toString());
    }
    return true;
  }

  /** The call's session and engines are ready: the 200 OK, unless the caller cancelled first. */
  boolean answer(String callId) {
    RingingInvite invite = ringing.remove(callId);
    boolean answered = invite != null && invite.answer();
    if (answered) LOG.atInfo().addKeyValue("callId", callId).log("call answered");
    return answered;
  }

  /** The caller gave up before the answer: 487 for the INVITE, and the session closes (or never starts). */
  void cancel(String callId) {
    ServerTransaction routed = routing.remove(callId);
    if (routed != null) {
      responses.unlessAnswered(routed, routed.getRequest(), Response.REQUEST_TERMINATED);
      LOG.atInfo().addKeyValue("callId", callId).log("call cancelled before it rang");
      return;
    }
    RingingInvite invite = ringing.remove(callId);
    if (invite == null || !invite.cancel()) return;
    callerCancelled(callId);
    LOG.atInfo().addKeyValue("callId", callId).log("call cancelled before the answer");
  }

  /** Told once, whichever of the CANCEL and the call's set-up finds the call listed. */
  private void callerCancelled(String callId) {
    keysByInfo.ended(callId);
    Optional.ofNullable(calls.remove(callId)).ifPresent(call -> call.actor().tell(new PhoneCall.Cancelled()));
  }

  void callerHungUp(String callId) {
    keysByInfo.ended(callId);
    Optional.ofNullable(calls.remove(callId)).ifPresent(call -> call.actor().tell(new PhoneCall.CallerHungUp()));
  }

  /** The bot ends the call: a BYE in the call's dialog (or a refusal, before the answer). */
  void hangUp(String callId) {
    ActiveCall call = calls.remove(callId);
    RingingInvite unanswered = ringing.remove(callId);
    keysByInfo.ended(callId);
    if (unanswered != null) {
      // Not answered yet: the call could not be set up, which the INVITE's final response says.
      unanswered.refuse(Response.SERVICE_UNAVAILABLE);
      return;
    }
    if (call == null || call.dialog() == null) return;
    try {
      Request bye = call.dialog().createRequest(Request.BYE);
      ClientTransaction transaction = provider.getNewClientTransaction(bye);
      call.dialog().sendRequest(transaction);
    } catch (SipException e) {
      LOG.warn("BYE for call {} could not be sent: {}", callId, e.toString());
    }
  }

  /** A blind transfer of the call (REFER in its dialog); {@code done} hears how it ended. */
  void transfer(String callId, TransferTarget target, Consumer<CallTransfers.Result> done) {
    ActiveCall call = calls.get(callId);
    if (call == null || call.dialog() == null) {
      done.accept(new CallTransfers.Result(false, "the call is over"));
      return;
    }
    transfers.refer(callId, call.dialog(), target, result -> {
      registry.transferEnded(callId, result.transferred());
      done.accept(result);
    });
  }

  /** The node stops taking calls: each one still going is hung up, each still being set up refused. */
  void hangUpAll() {
    calls.keySet().forEach(this::hangUp);
    routing.keySet().forEach(callId -> Optional.ofNullable(routing.remove(callId)).ifPresent(invite ->
        responses.unlessAnswered(invite, invite.getRequest(), Response.SERVICE_UNAVAILABLE)));
  }
}
