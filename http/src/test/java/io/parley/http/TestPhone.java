package io.parley.http;

import static io.parley.core.testing.Awaiting.await;

import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import io.parley.http.testing.CallerSipStack;
import io.parley.http.testing.PhoneListener;
import io.parley.voice.media.G711;
import io.parley.voice.media.RtpPacket;
import io.parley.voice.phone.SdpOffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ReferToHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A phone for tests, on the same SIP stack as the node: it places a call with a G.711 μ-law
 * offer, acknowledges the answer, sends RTP like a handset (one numbering for the whole call, or
 * over a bad network: reordered, duplicated and late), counts the packets of the bot's voice and
 * keeps what arrived when, and hangs up. Asked to
 * transfer the call (REFER), it accepts (202) and reports the new call's progress by NOTIFY with a
 * {@code message/sipfrag} body, 100 then the final status it was told to give, as a PBX does. It
 * takes keys only in its audio: an INFO is refused (501) and counted.
 */
final class TestPhone implements PhoneListener, AutoCloseable {
  /** The number test calls come from. */
  static final String CALLER = "+4915112345678";
  private final CallerSipStack sip;
  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;
  private final DatagramSocket rtp;
  private final CompletableFuture<Response> answer = new CompletableFuture<>();
  private final CompletableFuture<Response> ringing = new CompletableFuture<>();
  private volatile ClientTransaction inviting;
  private volatile UserCredentials credentials;
  private final AtomicInteger challenges = new AtomicInteger();
  private final CompletableFuture<Void> hungUpByNode = new CompletableFuture<>();
  private final CompletableFuture<String> referredTo = new CompletableFuture<>();
  private volatile int transferStatus = 200;
  private volatile int packetsAtBye = -1;
  private volatile int packetsAtRefer = -1;
  private final AtomicInteger packetsReceived = new AtomicInteger();
  private final AtomicInteger infosRefused = new AtomicInteger();
  /** The latest packets heard, oldest first, bounded. */
  private final Deque<Heard> heard = new ArrayDeque<>();
  private int sequence;
  private long timestamp;
  private volatile InetSocketAddress nodeRtp;
  private volatile boolean closed;
  private Dialog dialog;

  TestPhone(int sipPort) throws Exception {
    sip = new CallerSipStack("test-phone", sipPort, this);
    provider = sip.provider();
    messages = sip.messages();
    headers = sip.headers();
    rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    rtp.setSoTimeout(200);
    Thread reader = new Thread(this::readRtp, "test-phone-rtp");
    reader.setDaemon(true);
    reader.start();
  }

  /** Calls {@code number} at the node's SIP port from {@code caller}; the final response to the INVITE. */
  Response call(int nodePort, String caller, String number, String sdp) throws Exception {
    return dial(nodePort, caller, number, sdp).get(30, TimeUnit.SECONDS);
  }

  /** Sends the INVITE; the final response to it, once it comes. */
  CompletableFuture<Response> dial(int nodePort, String caller, String number, String sdp) throws Exception {
    Request invite = sip.invite(nodePort, caller, "caller", number, sdp);
    ClientTransaction transaction = provider.getNewClientTransaction(invite);
    dialog = transaction.getDialog();
    inviting = transaction;
    transaction.sendRequest();
    return answer;
  }

  /**
   * Answers the node's digest challenges as {@code username} with {@code password} (once per call;
   * JAIN SIP's own client side of RFC 2617 computes the response).
   */
  void signInAs(String username, String password) {
    credentials = new UserCredentials() {
      @Override
      public String getUserName() {
        return username;
      }

      @Override
      public String getPassword() {
        return password;
      }

      @Override
      public String getSipDomain() {
        return "127.0.0.1";
      }
    };
  }

  /** How many digest challenges (401) this phone was given. */
  int challenges() {
    return challenges.get();
  }

  /** The 180 Ringing, once the node sent it. */
  CompletableFuture<Response> ringing() {
    return ringing;
  }

  /** Gives up before the answer: a CANCEL of the INVITE. */
  void cancel() throws Exception {
    provider.getNewClientTransaction(inviting.createCancel()).sendRequest();
  }

  /**
   * Calls the node as {@value #CALLER} and, once answered, sends a second of silence while the
   * greeting starts and waits (up to 30 s) until two seconds of the bot's voice have arrived; the
   * session's id, from {@code X-Parley-Session}.
   */
  String answeredCall(int nodePort) throws Exception {
    return answeredCall(nodePort, "support");
  }

  /** {@link #answeredCall(int)} to {@code number}. */
  String answeredCall(int nodePort, String number) throws Exception {
    return answeredCall(nodePort, number, offer());
  }

  /** {@link #answeredCall(int)} to {@code number}, offering {@code sdp}. */
  String answeredCall(int nodePort, String number, String sdp) throws Exception {
    Response answered = call(nodePort, CALLER, number, sdp);
    if (answered.getStatusCode() != 200) throw new AssertionError("the call was not answered: " + answered);
    SdpOffer answer = SdpOffer.parse(new String(answered.getRawContent(), StandardCharsets.UTF_8)).orElseThrow();
    mediaTo(new InetSocketAddress(answer.address(), answer.port()));
    speak(new short[8_000]);
    await("the greeting heard").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(this::packetsReceived, packets -> packets > 100);
    return ((Header) answered.getHeader("X-Parley-Session")).toString().split(":", 2)[1].strip();
  }

  /** A μ-law offer from this phone's RTP port. */
  String offer() {
    return offerWithoutEvents().replace(" RTP/AVP 0\r\n", " RTP/AVP 0 101\r\n")
        .replace("a=ptime:20\r\n", "a=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\n");
  }

  /** A μ-law offer without telephone-event, as an old handset's: its keys are tones in its audio. */
  String offerWithoutEvents() {
    return "v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio " + rtp.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n";
  }

  void mediaTo(InetSocketAddress node) {
    nodeRtp = node;
  }

  /** A packet the phone received: when, and what. */
  record Heard(long arrivedNanos, RtpPacket packet) {
    boolean silent() {
      for (byte b : packet.payload()) if (b != SILENCE) return false;
      return true;
    }

    /** No sample as loud as {@value #QUIET_PEAK} (of 32767): silence, or the hush a spoken sentence ends in. */
    boolean quiet() {
      for (short sample : G711.ulawDecode(packet.payload())) if (Math.abs(sample) >= QUIET_PEAK) return false;
      return true;
    }
  }

  private static final byte SILENCE = G711.ulawEncode(new short[1])[0];
  /** Below this, a packet is quiet: the node's voice ends each sentence in over 200 ms under it; its words are far above. */
  private static final int QUIET_PEAK = 500;
  private static final int HEARD_KEPT = 3_000;

  /** What the phone sent over a bad network: how many packets, duplicated and held back past their play-out. */
  record Sent(int packets, int duplicated, int late) {}

  /** Sends 8 kHz speech as μ-law packets of 20 ms, in real time, as a handset does. */
  void speak(short[] speech) {
    send(packets(speech), List.of());
  }

  /**
   * Speech as {@link #speak}, over a bad network: of every 25 packets, the 6th comes 20 ms late
   * (after the 7th), the 11th twice, and the 16th 200 ms late (after the 26th), long after its
   * place was played.
   */
  Sent speakOverABadNetwork(short[] speech) {
    List<byte[]> packets = packets(speech);
    List<List<Integer>> ticks = new ArrayList<>();
    for (int n = 0; n < packets.size(); n++) ticks.add(new ArrayList<>(List.of(n)));
    int duplicated = 0;
    int late = 0;
    for (int n = 0; n < packets.size(); n++) {
      if (n % 25 == 5 && n + 1 < packets.size()) {
        ticks.get(n).remove(Integer.valueOf(n));
        ticks.get(n + 1).add(n);
      } else if (n % 25 == 10) {
        ticks.get(n).add(n);
        duplicated++;
      } else if (n % 25 == 15 && n + 10 < packets.size()) {
        ticks.get(n).remove(Integer.valueOf(n));
        ticks.get(n + 10).add(n);
        late++;
      }
    }
    send(packets, ticks);
    return new Sent(packets.size(), duplicated, late);
  }

  /** The speech as RTP packets, numbered on from what this phone sent before. */
  private synchronized List<byte[]> packets(short[] speech) {
    List<byte[]> packets = new ArrayList<>();
    for (int offset = 0; offset < speech.length; offset += 160) {
      short[] frame = Arrays.copyOfRange(speech, offset, Math.min(offset + 160, speech.length));
      packets.add(new RtpPacket(0, offset == 0, sequence, timestamp, 0x1234, G711.ulawEncode(Arrays.copyOf(frame, 160)))
          .toBytes());
      sequence = (sequence + 1) & 0xFFFF;
      timestamp += 160;
    }
    return packets;
  }

  /** Sends {@code packets}, 20 ms apart: at tick n packet n, or the packets {@code ticks} lists for it. */
  private void send(List<byte[]> packets, List<List<Integer>> ticks) {
    long start = System.nanoTime();
    for (int n = 0; n < packets.size(); n++) {
      for (int index : ticks.isEmpty() ? List.of(n) : ticks.get(n)) send(packets.get(index));
      LockSupport.parkNanos(start + 20_000_000L * (n + 1) - System.nanoTime());
    }
  }

  private void send(byte[] packet) {
    try {
      rtp.send(new DatagramPacket(packet, packet.length, nodeRtp));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Presses a key: RFC 4733 events of payload type 101, two while held and the end three times, as phones send it. */
  void press(char key) {
    int event = "0123456789*#ABCD".indexOf(key);
    long start;
    synchronized (this) {
      start = timestamp;
    }
    for (int n = 0; n < 5; n++) {
      boolean end = n >= 2;
      int duration = 160 * (n + 1);
      byte[] payload = {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
      // The events share the audio's numbering; the timestamp is the event's start (RFC 4733).
      synchronized (this) {
        send(new RtpPacket(101, n == 0, sequence, start, 0x1234, payload).toBytes());
        sequence = (sequence + 1) & 0xFFFF;
        timestamp += 160;
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }

  /** Packets of the bot's voice received: comfort silence is not counted. */
  int packetsReceived() {
    return packetsReceived.get();
  }

  /** The latest packets received (up to a minute's worth), silence too, oldest first. */
  List<Heard> heard() {
    synchronized (heard) {
      return List.copyOf(heard);
    }
  }

  void hangUp() throws Exception {
    Request bye = dialog.createRequest(Request.BYE);
    dialog.sendRequest(provider.getNewClientTransaction(bye));
  }

  CompletableFuture<Void> hungUpByNode() {
    return hungUpByNode;
  }

  /** The INFOs the node sent in the call, each refused. */
  int infosRefused() {
    return infosRefused.get();
  }

  /** The packets received when the node's BYE came (-1 before). */
  int packetsAtBye() {
    return packetsAtBye;
  }

  /** The packets received when the node's REFER came (-1 before). */
  int packetsAtRefer() {
    return packetsAtRefer;
  }

  /** The Refer-To URI of the node's REFER, once it asked to transfer the call. */
  CompletableFuture<String> referredTo() {
    return referredTo;
  }

  /** The final status this phone's NOTIFY reports for a transfer: 200 (connected, the default) or a failure. */
  void answerTransfersWith(int status) {
    transferStatus = status;
  }

  private void readRtp() {
    byte[] buffer = new byte[2048];
    while (!closed) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        rtp.receive(packet);
        long arrived = System.nanoTime();
        RtpPacket.parse(buffer, packet.getLength()).ifPresent(parsed -> {
          Heard one = new Heard(arrived, parsed);
          if (!one.silent()) packetsReceived.incrementAndGet();
          synchronized (heard) {
            if (heard.size() == HEARD_KEPT) heard.poll();
            heard.add(one);
          }
        });
      } catch (SocketTimeoutException quiet) {
        // keep listening
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void processResponse(ResponseEvent event) {
    Response response = event.getResponse();
    CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
    if (!Request.INVITE.equals(cseq.getMethod())) return;
    if (response.getStatusCode() == Response.RINGING) ringing.complete(response);
    if (response.getStatusCode() < 200) return;
    if (response.getStatusCode() == Response.UNAUTHORIZED && challenges.incrementAndGet() == 1 && credentials != null) {
      try {
        UserCredentials account = credentials;
        ClientTransaction retry = ((SipStackExt) sip.stack()).getAuthenticationHelper((challenged, realm) -> account, headers)
            .handleChallenge(response, event.getClientTransaction(), provider, 5);
        inviting = retry;
        dialog = retry.getDialog();
        retry.sendRequest();
        return;
      } catch (Exception e) {
        answer.completeExceptionally(e);
        return;
      }
    }
    try {
      if (response.getStatusCode() == 200) {
        Dialog answered = event.getDialog();
        answered.sendAck(answered.createAck(cseq.getSeqNumber()));
        dialog = answered;
      }
    } catch (Exception e) {
      answer.completeExceptionally(e);
      return;
    }
    answer.complete(response);
  }

  @Override
  public void processRequest(RequestEvent event) {
    String method = event.getRequest().getMethod();
    if (!Request.BYE.equals(method) && !Request.REFER.equals(method) && !Request.INFO.equals(method)) return;
    try {
      var transaction = event.getServerTransaction() != null ? event.getServerTransaction()
          : provider.getNewServerTransaction(event.getRequest());
      transaction.sendResponse(messages.createResponse(Request.BYE.equals(method) ? Response.OK
          : Request.INFO.equals(method) ? Response.NOT_IMPLEMENTED : Response.ACCEPTED, event.getRequest()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    if (Request.INFO.equals(method)) {
      infosRefused.incrementAndGet();
      return;
    }
    if (Request.BYE.equals(method)) {
      packetsAtBye = packetsReceived.get();
      hungUpByNode.complete(null);
      return;
    }
    packetsAtRefer = packetsReceived.get();
    referredTo.complete(((ReferToHeader) event.getRequest().getHeader(ReferToHeader.NAME)).getAddress().getURI().toString());
    Dialog referring = event.getDialog() != null ? event.getDialog() : dialog;
    // As a PBX: the new call's progress, once the REFER's 202 is out.
    CompletableFuture.runAsync(() -> {
      notifyTransfer(referring, "SIP/2.0 100 Trying", SubscriptionStateHeader.ACTIVE);
      notifyTransfer(referring, "SIP/2.0 " + transferStatus + (transferStatus == 200 ? " OK" : " Service Unavailable"),
          SubscriptionStateHeader.TERMINATED);
    });
  }

  private void notifyTransfer(Dialog referring, String statusLine, String state) {
    try {
      Request notify = referring.createRequest(Request.NOTIFY);
      notify.addHeader(headers.createEventHeader("refer"));
      SubscriptionStateHeader subscription = headers.createSubscriptionStateHeader(state);
      if (SubscriptionStateHeader.TERMINATED.equals(state)) subscription.setReasonCode("noresource");
      notify.addHeader(subscription);
      notify.setContent(statusLine + "\r\n", headers.createContentTypeHeader("message", "sipfrag"));
      referring.sendRequest(provider.getNewClientTransaction(notify));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void processTimeout(TimeoutEvent event) {}

  @Override
  public void close() {
    closed = true;
    rtp.close();
    sip.close();
  }
}
