package io.parley.voice.phone;

import java.text.ParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AllowHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SupportedHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The headers the node's side of a call's dialog puts on its messages: a Contact that names the
 * transport the caller's request came on (a caller on TCP sends its ACK and BYE over TCP, RFC 3263),
 * the methods it allows, its support of session timers (RFC 4028), and a To tag on every response
 * but 100 (RFC 3261 §8.2.6.2).
 */
record DialogHeaders(SipSettings settings, HeaderFactory headers, AddressFactory addresses) {
  /** What the node answers inside and outside a call. */
  static final List<String> ALLOWED = List.of(Request.INVITE, Request.ACK, Request.BYE, Request.CANCEL, Request.OPTIONS,
      Request.NOTIFY, Request.UPDATE, Request.INFO);
  static final String TIMER = "timer";

  /** Contact (on {@code transport}), Allow and Supported, for a message that is part of a dialog. */
  void addDialogHeaders(Message message, String transport) throws ParseException {
    SipURI contact = addresses.createSipURI("parley", settings.advertised());
    contact.setPort(settings.port());
    if (!transport.equalsIgnoreCase("udp")) contact.setTransportParam(transport.toLowerCase(Locale.ROOT));
    message.setHeader(headers.createContactHeader(addresses.createAddress(contact)));
    addCapabilities(message);
  }

  /** The transport a request came on, as its top Via says: {@code UDP}, {@code TCP}. */
  static String transport(Request request) {
    String transport = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport();
    return transport == null ? "UDP" : transport;
  }

  /** Allow and Supported, which tell the caller it may refresh with UPDATE and use session timers. */
  void addCapabilities(Message message) throws ParseException {
    message.removeHeader(AllowHeader.NAME);
    for (String method : ALLOWED) message.addHeader(headers.createAllowHeader(method));
    message.setHeader(headers.createSupportedHeader(TIMER));
  }

  /** A To tag when the response has none: every response but 100 Trying carries one. */
  static Response tagged(Response response) throws ParseException {
    ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
    if (response.getStatusCode() > Response.TRYING && to != null && to.getTag() == null) {
      to.setTag(UUID.randomUUID().toString().substring(0, 8));
    }
    return response;
  }

  static String callId(Request request) {
    return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
  }

  /** Every response the node sends goes out with a To tag (but 100 Trying). */
  static void send(ServerTransaction transaction, Response response)
      throws ParseException, SipException, InvalidArgumentException {
    transaction.sendResponse(tagged(response));
  }

  /** The session timer a caller's INVITE, re-INVITE or UPDATE asks for, with the node's limits. */
  SessionTimer sessionTimer(Message request) {
    return SessionTimer.negotiate(value(request, "Session-Expires"), value(request, "Min-SE"), lists(request, SupportedHeader.NAME, TIMER),
        settings.minSessionExpires(), settings.sessionExpires());
  }

  /** The session timer after the caller's 2xx to the node's own refresh. */
  SessionTimer sessionTimerAfterRefresh(Response answer) {
    return SessionTimer.afterNodesRefresh(value(answer, "Session-Expires"));
  }

  /** The timer's Session-Expires (and Require: timer when the caller supports timers) on a 2xx. */
  void addSessionTimer(Response response, SessionTimer timer) throws ParseException {
    if (!(timer instanceof SessionTimer.Running running)) return;
    response.setHeader(headers.createHeader("Session-Expires", running.sessionExpires()));
    if (running.required()) response.setHeader(headers.createRequireHeader(TIMER));
  }

  /** 422 Session Interval Too Small, with the node's Min-SE. */
  void addMinimum(Response response, SessionTimer.TooSmall tooSmall) throws ParseException, InvalidArgumentException {
    response.setHeader(headers.createHeader("Min-SE", String.valueOf(tooSmall.minimum().toSeconds())));
  }

  /**
   * A refresh the node sends as refresher: Session-Expires naming itself (the refresh's UAC) the
   * refresher, and the dialog's headers.
   */
  void addRefresh(Request refresh, SessionTimer.Running timer, String transport) throws ParseException {
    refresh.setHeader(headers.createHeader("Session-Expires", timer.interval().toSeconds() + ";refresher=uac"));
    addDialogHeaders(refresh, transport);
  }

  /** Whether the caller's message lists {@code method} in Allow. */
  static boolean allows(Message message, String method) {
    return lists(message, "Allow", method);
  }

  /** Whether any {@code name} header of the message lists {@code token} (in one header or several). */
  private static boolean lists(Message message, String name, String token) {
    Iterator<?> each = message.getHeaders(name);
    while (each.hasNext()) {
      for (String listed : valueOf((Header) each.next()).split(",")) {
        if (listed.strip().equalsIgnoreCase(token)) return true;
      }
    }
    return false;
  }

  /** A header's value as sent, whichever class the stack parsed it into; the first of several. */
  private static Optional<String> value(Message message, String name) {
    Header header = message.getHeader(name);
    return header == null ? Optional.empty() : Optional.of(valueOf(header));
  }

  private static String valueOf(Header header) {
    String text = header.toString().strip();
    return text.substring(text.indexOf(':') + 1).strip();
  }
}
