package io.parley.voice.phone;

import io.parley.core.call.TransferTarget;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blind transfers of answered calls (RFC 3515): a REFER in the call's dialog with
 * {@code Refer-To: <target>}; the far side accepts it (202) and reports how the new call goes in
 * NOTIFYs carrying a {@code message/sipfrag} status line. A final 2xx there means the caller is
 * with the target (the bridge then hangs up, RFC 5589); a REFER refused, a failure status, or no
 * answer means the caller is still here. One transfer per call at a time, by Call-ID; ones nobody
 * heard the end of are forgotten after {@link #FORGET_AFTER}, so the table stays bounded.
 */
final class CallTransfers {
  private static final Logger LOG = LoggerFactory.getLogger(CallTransfers.class);
  static final Duration FORGET_AFTER = Duration.ofMinutes(5);

  /** How a transfer ended: {@code transferred}, or not, and the far side's status line or why. */
  record Result(boolean transferred, String outcome) {}

  private record Pending(TransferTarget target, Consumer<Result> done, long startedNanos) {}

  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  CallTransfers(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses) {
    this.provider = provider;
    this.messages = messages;
    this.headers = headers;
    this.addresses = addresses;
  }

  /** Sends the REFER for {@code callId} in {@code dialog}; {@code done} hears how it ended, once. */
  void refer(String callId, Dialog dialog, TransferTarget target, Consumer<Result> done) {
    long now = System.nanoTime();
    pending.values().removeIf(old -> now - old.startedNanos() > FORGET_AFTER.toNanos());
    try {
      Request refer = dialog.createRequest(Request.REFER);
      refer.addHeader(headers.createReferToHeader(addresses.createAddress(addresses.createURI(target.uri()))));
      ClientTransaction transaction = provider.getNewClientTransaction(refer);
      pending.put(callId, new Pending(target, done, now));
      dialog.sendRequest(transaction);
      LOG.atInfo().addKeyValue("callId", callId).addKeyValue("target", target.masked()).log("REFER sent");
    } catch (ParseException | SipException e) {
      pending.remove(callId);
      done.accept(new Result(false, "REFER could not be sent: " + e.getMessage()));
    }
  }

  /** A response to a request of the bridge's: one to a REFER may end a transfer. */
  void onResponse(ResponseEvent event) {
    Response response = event.getResponse();
    if (!Request.REFER.equals(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod())) return;
    // 202: accepted, its progress follows by NOTIFY; a refusal is the end.
    if (response.getStatusCode() >= 300) {
      finish(callId(response.getHeader(CallIdHeader.NAME)), false,
          response.getStatusCode() + " " + response.getReasonPhrase());
    }
  }

  /** A NOTIFY about a REFER: acknowledged, and a final status in it ends the transfer. */
  void onNotify(RequestEvent event) throws Exception {
    Request notify = event.getRequest();
    ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
        : provider.getNewServerTransaction(notify);
    String callId = callId(notify.getHeader(CallIdHeader.NAME));
    transaction.sendResponse(DialogHeaders.tagged(messages.createResponse(pending.containsKey(callId)
        ? Response.OK : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, notify)));
    byte[] raw = notify.getRawContent();
    String body = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    OptionalInt status = SipFrag.status(body);
    SubscriptionStateHeader state = (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
    boolean terminated = state != null && SubscriptionStateHeader.TERMINATED.equalsIgnoreCase(state.getState());
    if (status.isPresent() && status.getAsInt() >= 200) {
      finish(callId, status.getAsInt() < 300, SipFrag.statusLine(body));
    } else if (terminated) {
      finish(callId, false, "the transfer's progress ended without a final status");
    }
  }

  /** A request of the bridge's nobody answered: a REFER's transfer failed. */
  void onTimeout(TimeoutEvent event) {
    if (event.getClientTransaction() == null) return;
    Request request = event.getClientTransaction().getRequest();
    if (Request.REFER.equals(request.getMethod())) finish(callId(request.getHeader(CallIdHeader.NAME)), false, "no answer to REFER");
  }

  private void finish(String callId, boolean transferred, String outcome) {
    Pending transfer = pending.remove(callId);
    if (transfer == null) return;
    LOG.atInfo().addKeyValue("callId", callId).addKeyValue("target", transfer.target().masked())
        .log("transfer {}: {}", transferred ? "done" : "failed", outcome);
    transfer.done().accept(new Result(transferred, outcome));
  }

  private static String callId(Header header) {
    return ((CallIdHeader) header).getCallId();
  }
}
