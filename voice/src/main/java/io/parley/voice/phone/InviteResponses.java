package io.parley.voice.phone;

import io.parley.core.session.SessionId;
import java.text.ParseException;
import java.time.Duration;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.TransactionState;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bridge answers an inbound INVITE with besides a refusal's plain status: the call's
 * responses in its dialog, 503 with Retry-After for a node that cannot take it now, 500 for one
 * it failed to handle before it rang, and 487 for one the caller cancelled before it rang.
 */
record InviteResponses(MessageFactory messages, HeaderFactory headers, DialogHeaders dialogHeaders) {
  private static final Logger LOG = LoggerFactory.getLogger(InviteResponses.class);

  /** A response of the call's dialog: its To tag, Contact on the caller's {@code transport}, and the session's id. */
  Response inDialog(Response response, String toTag, SessionId id, String transport) throws ParseException {
    ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(toTag);
    dialogHeaders.addDialogHeaders(response, transport);
    response.addHeader(headers.createHeader("X-Parley-Session", id.wireId()));
    return response;
  }

  /**
   * 503 with Retry-After, for a node at its call limit and a source past its rate: unlike 486 Busy
   * Here (the callee is busy; the trunk gives the caller a busy tone), 503 says this server cannot
   * take it now, and a trunk tries another node (RFC 3261 §21.5.4).
   */
  Response unavailable(Request invite, Duration retryAfter) throws ParseException, InvalidArgumentException {
    Response unavailable = messages.createResponse(Response.SERVICE_UNAVAILABLE, invite);
    unavailable.addHeader(headers.createRetryAfterHeader((int) Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
    return unavailable;
  }

  /** 500 for an INVITE that had no final response yet; false when it had one (or the 500 could not be sent). */
  boolean serverError(ServerTransaction transaction, Request invite) {
    return unlessAnswered(transaction, invite, Response.SERVER_INTERNAL_ERROR);
  }

  /** {@code status} for an INVITE that had no final response yet; false when it had one (or it could not be sent). */
  boolean unlessAnswered(ServerTransaction transaction, Request invite, int status) {
    TransactionState state = transaction.getState();
    if (state != null && state != TransactionState.TRYING && state != TransactionState.PROCEEDING) return false;
    try {
      DialogHeaders.send(transaction, messages.createResponse(status, invite));
      return true;
    } catch (Exception unsent) {
      LOG.warn("SIP INVITE's {} could not be sent: {}", status, unsent.toString());
      return false;
    }
  }

  /** The dialled number, which names the tenant: the request URI's user, else the To header's ("" for none). */
  static String dialled(Request invite) {
    String user = invite.getRequestURI() instanceof SipURI uri && uri.getUser() != null ? uri.getUser()
        : ((ToHeader) invite.getHeader(ToHeader.NAME)).getAddress().getURI() instanceof SipURI to ? to.getUser() : null;
    return user == null ? "" : user;
  }
}
