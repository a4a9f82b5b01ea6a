package io.parley.voice.phone.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.session.PageContext;
import io.parley.voice.phone.RtpChannel;
import io.parley.voice.phone.RtpMedia;
import io.parley.voice.phone.SdpOffer;
import io.parley.voice.phone.TestRtpMedia;
import java.lang.reflect.Proxy;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A placed call's answer, as the SIP stack hands it to its dialog: acknowledged once, then made a
 * call; one the node cannot make a call is hung up (BYE), ends as {@code failed} and gives back its
 * RTP port, instead of leaving the callee on a silent line with the call ringing on in the API.
 */
class OutboundDialogTest {
  private static final String ANSWER = "v=0\r\no=lead 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
      + "m=audio 40000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
  private final RtpMedia media = TestRtpMedia.start();
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final List<OutboundProgress> heard = new ArrayList<>();
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final AddressFactory addresses;
  private final OutboundCall call = new OutboundCall("call_1", "acme", "+4915112345678", "127.0.0.1", 5060,
      "+4930111222", Optional.empty(), new PageContext(Map.of()), Optional.empty(), "+4915112345678");

  OutboundDialogTest() throws Exception {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    messages = factory.createMessageFactory();
    headers = factory.createHeaderFactory();
    addresses = factory.createAddressFactory();
  }

  @AfterEach
  void close() {
    media.close();
  }

  @Test
  void anAnswerIsAcknowledgedOnceAndBecomesTheCall() throws Exception {
    RtpChannel rtp = rtp();
    List<String> connected = new ArrayList<>();
    OutboundDialog dialog = new OutboundDialog(call, rtp, transactionOf(null), line((answer, progress) -> {
      connected.add(String.join(",", sent));
      progress.accept(new OutboundProgress.Answered(null));
    }), heard::add);

    assertTrue(dialog.onResponse(answered()));

    assertEquals(List.of("ACK"), connected, "acknowledged before the call is made, once");
    assertEquals(List.of("ACK"), sent);
    assertEquals(1, heard.size());
    assertTrue(heard.getFirst() instanceof OutboundProgress.Answered, heard.toString());
    rtp.close();
  }

  @Test
  void anAnswerThatCannotBecomeACallIsHungUpAndFails() throws Exception {
    RtpChannel rtp = rtp();
    int port = rtp.localPort();
    OutboundDialog dialog = new OutboundDialog(call, rtp, transactionOf(null), line((answer, progress) -> {
      throw new IllegalStateException("the session could not start");
    }), heard::add);

    assertTrue(dialog.onResponse(answered()));

    assertEquals(List.of("ACK", "BYE"), sent, "acknowledged, then hung up rather than left silent");
    assertEquals(List.of(new OutboundProgress.Ended(OutboundOutcome.FAILED, Optional.empty())), heard);
    try (DatagramSocket free = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      assertEquals(port, free.getLocalPort(), "the call's RTP port is given back");
    }
    assertTrue(dialog.onResponse(answered()), "a retransmitted 2xx is still the dialog's");
    assertEquals(List.of("ACK", "BYE", "ACK", "BYE"), sent, "and hung up again");
    assertEquals(1, heard.size(), "the outcome is told once");
  }

  /** What the test's line does with an acknowledged answer. */
  private interface Connect {
    void connect(SdpOffer answer, Consumer<OutboundProgress> progress) throws Exception;
  }

  private OutboundDialog.Line line(Connect connect) {
    return new OutboundDialog.Line() {
      @Override
      public Optional<ClientTransaction> authenticated(Response challenge, ClientTransaction challenged) {
        return Optional.empty();
      }

      @Override
      public void connect(OutboundDialog dialog, Dialog sipDialog, SdpOffer answer, Response ok,
          Consumer<OutboundProgress> progress) throws Exception {
        connect.connect(answer, progress);
      }

      @Override
      public ClientTransaction transaction(Request request) {
        return transactionOf(request);
      }
    };
  }

  private RtpChannel rtp() {
    return RtpChannel.open(InetAddress.getLoopbackAddress(), 43_000, 43_998, OutboundOffer.template(), media);
  }

  /** The 200 OK with the callee's A-law answer, in a dialog that records what the node sends in it. */
  private ResponseEvent answered() throws Exception {
    Request invite = request(Request.INVITE);
    Response ok = messages.createResponse(Response.OK, invite);
    ok.setContent(ANSWER, headers.createContentTypeHeader("application", "sdp"));
    Dialog dialog = (Dialog) Proxy.newProxyInstance(Dialog.class.getClassLoader(), new Class<?>[] {Dialog.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "createAck" -> request(Request.ACK);
          case "createRequest" -> request((String) args[0]);
          case "sendAck" -> sent.add(((Request) args[0]).getMethod());
          case "sendRequest" -> sent.add(((ClientTransaction) args[0]).getRequest().getMethod());
          default -> null;
        });
    return new ResponseEvent(this, transactionOf(invite), dialog, ok);
  }

  private Request request(String method) throws Exception {
    return messages.createRequest(addresses.createSipURI("+4915112345678", "127.0.0.1"), method,
        headers.createCallIdHeader("call-1@127.0.0.1"), headers.createCSeqHeader(1L, method),
        headers.createFromHeader(addresses.createAddress("sip:parley@127.0.0.1"), "parley"),
        headers.createToHeader(addresses.createAddress("sip:+4915112345678@127.0.0.1"), "lead"),
        List.of(headers.createViaHeader("127.0.0.1", 5060, "udp", "z9hG4bK-1")), headers.createMaxForwardsHeader(70));
  }

  /** A client transaction of {@code request}, as the SIP stack makes one. */
  private static ClientTransaction transactionOf(Request request) {
    return (ClientTransaction) Proxy.newProxyInstance(ClientTransaction.class.getClassLoader(),
        new Class<?>[] {ClientTransaction.class},
        (proxy, method, args) -> method.getName().equals("getRequest") ? request : null);
  }
}
