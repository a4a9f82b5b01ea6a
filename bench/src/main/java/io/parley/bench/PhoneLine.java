package io.parley.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The callers' side of a SIP trunk for the phone benchmark: one SIP stack on a loopback UDP port
 * places many calls (INVITE with the caller's SDP, ACK on 200, BYE), as a trunk carrying many
 * callers does. Each call's answer is a future; its dialog hangs it up.
 */
final class PhoneLine implements SipListener, AutoCloseable {
  private final SipStack stack;
  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final int port;
  private final Map<String, CompletableFuture<Response>> answers = new ConcurrentHashMap<>();
  private final Map<String, Dialog> dialogs = new ConcurrentHashMap<>();

  PhoneLine(int port) throws Exception {
    this.port = port;
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    Properties properties = new Properties();
    properties.setProperty("javax.sip.STACK_NAME", "bench-line-" + UUID.randomUUID());
    properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
    stack = factory.createSipStack(properties);
    provider = stack.createSipProvider(stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP));
    provider.addSipListener(this);
    messages = factory.createMessageFactory();
    headers = factory.createHeaderFactory();
    addresses = factory.createAddressFactory();
  }

  /** Places a call from {@code caller} to the node's SIP port; completes with the final response. */
  CompletableFuture<Response> call(int nodePort, String caller, String sdp) throws Exception {
    CallIdHeader callId = provider.getNewCallId();
    Request invite = messages.createRequest(addresses.createSipURI("support", "127.0.0.1:" + nodePort), Request.INVITE,
        callId, headers.createCSeqHeader(1L, Request.INVITE),
        headers.createFromHeader(addresses.createAddress(addresses.createSipURI(caller, "127.0.0.1")), caller),
        headers.createToHeader(addresses.createAddress(addresses.createSipURI("support", "127.0.0.1")), null),
        List.of(headers.createViaHeader("127.0.0.1", port, "udp", null)), headers.createMaxForwardsHeader(70));
    invite.addHeader(headers.createContactHeader(addresses.createAddress(addresses.createSipURI(caller, "127.0.0.1:" + port))));
    invite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
    CompletableFuture<Response> answer = new CompletableFuture<>();
    answers.put(callId.getCallId(), answer);
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
      transaction.sendResponse(messages.createResponse(Response.OK, request));
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
  public void processIOException(IOExceptionEvent event) {}

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent event) {}

  @Override
  public void processDialogTerminated(DialogTerminatedEvent event) {}

  @Override
  public void close() {
    stack.stop();
  }
}
