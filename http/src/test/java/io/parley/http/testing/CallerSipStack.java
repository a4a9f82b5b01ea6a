package io.parley.http.testing;

import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

/**
 * The callers' end of a SIP trunk on a loopback UDP port, for the tests' phone and the phone load
 * test's line: one JAIN-SIP stack, on the same implementation as the node's, the factories its
 * messages are made with, and the INVITE that places a call to the node with an SDP offer.
 */
public final class CallerSipStack implements AutoCloseable {
  private final SipStack stack;
  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final int port;

  /** A stack named {@code name} (and a unique suffix) on {@code port}, whose events go to {@code listener}. */
  public CallerSipStack(String name, int port, SipListener listener) throws Exception {
    this.port = port;
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    Properties properties = new Properties();
    properties.setProperty("javax.sip.STACK_NAME", name + "-" + UUID.randomUUID());
    properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
    stack = factory.createSipStack(properties);
    provider = stack.createSipProvider(stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP));
    provider.addSipListener(listener);
    messages = factory.createMessageFactory();
    headers = factory.createHeaderFactory();
    addresses = factory.createAddressFactory();
  }

  /**
   * An INVITE from {@code caller} (shown as {@code callerName}) to {@code number} at the node's SIP
   * port, with a new Call-ID, this stack's Contact and {@code sdp} as its offer; not sent yet.
   */
  public Request invite(int nodePort, String caller, String callerName, String number, String sdp) throws Exception {
    Request invite = messages.createRequest(addresses.createSipURI(number, "127.0.0.1:" + nodePort), Request.INVITE,
        provider.getNewCallId(), headers.createCSeqHeader(1L, Request.INVITE),
        headers.createFromHeader(addresses.createAddress(addresses.createSipURI(caller, "127.0.0.1")), callerName),
        headers.createToHeader(addresses.createAddress(addresses.createSipURI(number, "127.0.0.1")), null),
        List.of(headers.createViaHeader("127.0.0.1", port, "udp", null)), headers.createMaxForwardsHeader(70));
    invite.addHeader(headers.createContactHeader(addresses.createAddress(addresses.createSipURI(caller, "127.0.0.1:" + port))));
    invite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
    return invite;
  }

  public SipProvider provider() {
    return provider;
  }

  public MessageFactory messages() {
    return messages;
  }

  public HeaderFactory headers() {
    return headers;
  }

  /** The stack's own, for a stack extension such as JAIN SIP's digest client (RFC 2617). */
  public SipStack stack() {
    return stack;
  }

  @Override
  public void close() {
    stack.stop();
  }
}
