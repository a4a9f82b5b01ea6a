package io.parley.bench;

import io.parley.http.testing.CallerSipStack;
import io.parley.http.testing.PhoneListener;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The callers' side of a SIP trunk for the phone benchmark: one SIP stack on a loopback UDP port
 * places many calls (INVITE with the caller's SDP, ACK on 200, BYE), as a trunk carrying many
 * callers does. Each call's answer is a future; its dialog hangs it up.
 */
final class PhoneLine implements PhoneListener, AutoCloseable {
  private final CallerSipStack sip;
  private final SipProvider provider;
  private final Map<String, CompletableFuture<Response>> answers = new ConcurrentHashMap<>();
  private final Map<String, Dialog> dialogs = new ConcurrentHashMap<>();

  PhoneLine(int port) throws Exception {
    sip = new CallerSipStack("bench-line", port, this);
    provider = sip.provider();
  }

  /** Places a call from {@code caller} to the node's SIP port; completes with the final response. */
  CompletableFuture<Response> call(int nodePort, String caller, String sdp) throws Exception {
    Request invite = sip.invite(nodePort, caller, caller, "support", sdp);
    CompletableFuture<Response> answer = new CompletableFuture<>();
    answers.put(((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(), answer);
    ClientTransaction transaction = provider.getNewClientTransaction(invite);
    transaction.sendRequest();
    return answer;
  }

  /** Hangs up an answered call (the Call-ID of its INVITE). */
  void hangUp(String callId) throws Exception {
    Dialog dialog = dialogs.remove(callId);
    if (dialog != null) dialog.sendRequest(provider.getNewClientTransaction(dialog.createRequest(Request.BYE)));
  }

  @Override
  public void processResponse(ResponseEvent event) {
    Response response = event.getResponse();
    CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
    if (response.getStatusCode() < 200 || !Request.INVITE.equals(cseq.getMethod())) return;
    String callId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
    CompletableFuture<Response> answer = answers.remove(callId);
    try {
      if (response.getStatusCode() == 200) {
        Dialog dialog = event.getDialog();
        dialog.sendAck(dialog.createAck(cseq.getSeqNumber()));
        dialogs.put(callId, dialog);
      }
    } catch (Exception e) {
      if (answer != null) answer.completeExceptionally(e);
      return;
    }
    if (answer != null) answer.complete(response);
  }

  /** The node hangs up (or transfers): answered as a phone would, so its transaction completes. */
  @Override
  public void processRequest(RequestEvent event) {
    Request request = event.getRequest();
    if (Request.ACK.equals(request.getMethod())) return;
    try {
      ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
          : provider.getNewServerTransaction(request);
      transaction.sendResponse(sip.messages().createResponse(Response.OK, request));
      if (Request.BYE.equals(request.getMethod())) dialogs.remove(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
    } catch (Exception e) {
      // A retransmitted request whose transaction is gone: the first answer stands.
    }
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    if (event.getClientTransaction() == null) return;
    Request request = event.getClientTransaction().getRequest();
    CompletableFuture<Response> answer = answers.remove(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
    if (answer != null) answer.completeExceptionally(new IllegalStateException("no answer to the INVITE"));
  }

  @Override
  public void close() {
    sip.close();
  }
}
