package io.parley.voice.phone.keys;

import java.text.ParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's keys as SIP INFO in a call's dialog (RFC 6086), for a far end whose SDP named no
 * telephone-event: each key an {@code application/dtmf-relay} body of {@code Signal=} and
 * {@code Duration=} lines, as Cisco gateways and most PBXs read them; the dialog gives each INFO its
 * CSeq, tags and route. One INFO at a time, the next once the last is answered 2xx, so the keys
 * arrive in order. An INFO refused (any final answer but 2xx) or unanswered sends its key and the
 * rest by the call's other way ({@code refused}: tones in its audio, which every line carries), and
 * so go the call's later keys: a far end that refused one INFO takes no other. The log says how
 * many keys went which way, never which.
 */
public final class KeysByInfo {
  private static final Logger LOG = LoggerFactory.getLogger(KeysByInfo.class);
  /** How long each key is held, as the telephone-events hold one. */
  static final int DURATION_MILLIS = 100;

  /** A call's keys not answered yet, the first one's INFO under way. */
  private record Pressing(Dialog dialog, Deque<Character> keys, Consumer<String> refused) {}

  private final SipProvider provider;
  private final HeaderFactory headers;
  private final Map<String, Pressing> pressing = new HashMap<>();
  /** The calls whose far end refused an INFO, by Call-ID: their keys go the other way. */
  private final Set<String> refusing = new HashSet<>();

  public KeysByInfo(SipProvider provider, HeaderFactory headers) {
    this.provider = provider;
    this.headers = headers;
  }

  /** Presses {@code keys} in call {@code callId}'s {@code dialog}, after any still under way; {@code refused} sends keys INFO cannot. */
  public synchronized void press(String callId, Dialog dialog, String keys, Consumer<String> refused) {
    if (refusing.contains(callId)) {
      refused.accept(keys);
      return;
    }
    Pressing call = pressing.computeIfAbsent(callId, first -> new Pressing(dialog, new ArrayDeque<>(), refused));
    boolean idle = call.keys().isEmpty();
    keys.chars().forEach(key -> call.keys().add((char) key));
    if (idle) sendNext(callId, call);
  }

  /** A response to one of these INFOs: the next key goes on a 2xx, the rest the other way on a refusal. */
  public synchronized boolean onResponse(ResponseEvent event) {
    Response response = event.getResponse();
    if (!isInfo(response)) return false;
    String callId = callId(response);
    Pressing call = pressing.get(callId);
    int status = response.getStatusCode();
    if (call == null || status < 200) return true;
    if (status < 300) {
      call.keys().poll();
      sendNext(callId, call);
    } else {
      refuse(callId, call, status + " " + response.getReasonPhrase());
    }
    return true;
  }

  /** One of these INFOs went unanswered: its key and the rest go the other way. */
  public synchronized boolean onTimeout(TimeoutEvent event) {
    ClientTransaction transaction = event.getClientTransaction();
    if (transaction == null || !isInfo(transaction.getRequest())) return false;
    String callId = callId(transaction.getRequest());
    Pressing call = pressing.get(callId);
    if (call != null) refuse(callId, call, "no answer");
    return true;
  }

  /** The call ended: its keys not sent yet are dropped, and nothing is kept of it. */
  public synchronized void ended(String callId) {
    pressing.remove(callId);
    refusing.remove(callId);
  }

  private void sendNext(String callId, Pressing call) {
    Character key = call.keys().peek();
    if (key == null) {
      pressing.remove(callId);
      return;
    }
    try {
      Request info = call.dialog().createRequest(Request.INFO);
      info.setContent("Signal=" + key + "\r\nDuration=" + DURATION_MILLIS + "\r\n",
          headers.createContentTypeHeader("application", "dtmf-relay"));
      call.dialog().sendRequest(provider.getNewClientTransaction(info));
    } catch (ParseException | SipException e) {
      refuse(callId, call, "not sent (" + e.getMessage() + ")");
    }
  }

  private void refuse(String callId, Pressing call, String why) {
    pressing.remove(callId);
    refusing.add(callId);
    StringBuilder rest = new StringBuilder();
    call.keys().forEach(rest::append);
    LOG.atInfo().addKeyValue("callId", callId).log("the bot's keys by SIP INFO: {}; the {} left go as tones", why,
        rest.length());
    call.refused().accept(rest.toString());
  }

  private static boolean isInfo(Message message) {
    return Request.INFO.equals(((CSeqHeader) message.getHeader(CSeqHeader.NAME)).getMethod());
  }

  private static String callId(Message message) {
    return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
  }
}
