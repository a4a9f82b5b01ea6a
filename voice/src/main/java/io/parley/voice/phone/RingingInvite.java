package io.parley.voice.phone;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An INVITE that rings: it gets exactly one final response, whichever comes first of the answer
 * (200 OK with the SDP, once the call's session and engines are ready), the caller's CANCEL (487
 * Request Terminated), or a refusal when the call cannot be set up. The SIP stack's threads and
 * the call's actor race for it, hence the lock.
 */
final class RingingInvite {
  private static final Logger LOG = LoggerFactory.getLogger(RingingInvite.class);

  private final ServerTransaction transaction;
  private final Response answer;
  private final MessageFactory messages;
  private boolean finished;
  private boolean cancelled;

  RingingInvite(ServerTransaction transaction, Response answer, MessageFactory messages) {
    this.transaction = transaction;
    this.answer = answer;
    this.messages = messages;
  }

  /** Whether this is {@code transaction}'s INVITE. */
  boolean of(ServerTransaction candidate) {
    return transaction == candidate;
  }

  /** Sends the 200 OK; false when the INVITE already had its final response (the caller cancelled). */
  synchronized boolean answer() {
    return finish(answer);
  }

  /** The caller's CANCEL: 487 for the INVITE; false when it was answered already (the CANCEL changes nothing). */
  synchronized boolean cancel() {
    cancelled = finish(response(Response.REQUEST_TERMINATED));
    return cancelled;
  }

  /** Whether the caller's CANCEL ended it. */
  synchronized boolean cancelled() {
    return cancelled;
  }

  /**
   * The call could not be set up (its session or the engines failed, or the node did before them):
   * {@code status} instead of an answer; false when the INVITE had its final response already.
   */
  synchronized boolean refuse(int status) {
    return finish(response(status));
  }

  private boolean finish(Response response) {
    if (finished || response == null) return false;
    finished = true;
    try {
      transaction.sendResponse(response);
      return true;
    } catch (SipException | InvalidArgumentException e) {
      LOG.warn("the final response {} could not be sent: {}", response.getStatusCode(), e.toString());
      return false;
    }
  }

  /** A final response carrying the answer's To tag, so it belongs to the dialog the 180 began. */
  private Response response(int status) {
    try {
      Response response = messages.createResponse(status, transaction.getRequest());
      response.setHeader(answer.getHeader(ToHeader.NAME));
      return response;
    } catch (ParseException e) {
      LOG.warn("a {} response could not be made: {}", status, e.toString());
      return null;
    }
  }
}
