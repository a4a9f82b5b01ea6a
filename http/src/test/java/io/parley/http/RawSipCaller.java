package io.parley.http;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP caller that writes its requests as text over UDP, header by header, as an attacker or an
 * unusual trunk would: what it sends is exactly what the test says, nothing a SIP stack adds or
 * fixes. One call at a time: INVITE (with any extra headers and SDP lines), ACK, re-INVITE and
 * UPDATE in the call, BYE; the node's requests (its BYE) are answered 200 and kept. Its SDP names
 * the SIP socket as the RTP port too, so it counts the node's RTP and RTCP packets as they come.
 */
final class RawSipCaller implements AutoCloseable {
  private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3})");
  private final DatagramSocket socket;
  private final InetSocketAddress node;
  private final String callId = UUID.randomUUID() + "@127.0.0.1";
  private final String fromTag = Long.toHexString(System.nanoTime());
  private int cseq;
  private String requestUri;
  private String toHeader;
  private String sdpLines = "";
  private String formats = "0\r\na=rtpmap:0 PCMU/8000";
  private final List<String> requestsFromNode = new CopyOnWriteArrayList<>();
  private final AtomicInteger rtpPackets = new AtomicInteger();
  private final AtomicInteger rtcpPackets = new AtomicInteger();
  /** The statuses of the last INVITE's responses, provisional ones first. */
  private final List<Integer> inviteStatuses = new CopyOnWriteArrayList<>();

  RawSipCaller(int sipPort) throws IOException {
    this("127.0.0.1", sipPort);
  }

  /** A caller on {@code localAddress}, a loopback address (Linux answers on all of 127.0.0.0/8). */
  RawSipCaller(String localAddress, int sipPort) throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(localAddress, 0));
    socket.setSoTimeout(15_000);
    node = new InetSocketAddress("127.0.0.1", sipPort);
  }

  /** A response the node sent: its status and whole text. */
  record Reply(int status, String text) {
    /** The values of every header named {@code name} (case-insensitive), in their order. */
    List<String> headers(String name) {
      return text.lines().filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
          .map(line -> line.substring(name.length() + 1).strip()).toList();
    }

    Optional<String> header(String name) {
      return headers(name).stream().findFirst();
    }
  }

  /**
   * Sends an INVITE for {@code user} at the node with a μ-law offer and {@code extraHeaders} (whole
   * lines), and returns its final response (acknowledged when it is not a 2xx).
   */
  Reply invite(String user, List<String> extraHeaders) throws IOException {
    return invite(user, extraHeaders, "");
  }

  /** Offers {@code formats} (the m= line's payload types, then its rtpmap lines) instead of μ-law; returns this caller. */
  RawSipCaller offering(String formats) {
    this.formats = formats;
    return this;
  }

  /** As {@link #invite(String, List)}, with {@code sdpLines} (whole lines, CRLF-ended) added to the offer's audio. */
  Reply invite(String user, List<String> extraHeaders, String sdpLines) throws IOException {
    this.sdpLines = sdpLines;
    requestUri = "sip:" + user + "@127.0.0.1:" + node.getPort();
    toHeader = "<" + requestUri + ">";
    String branch = branch();
    send("INVITE", branch, ++cseq, extraHeaders, "Content-Type: application/sdp\r\n", offer(""));
    inviteStatuses.clear();
    Reply last;
    do {
      last = receive();
      inviteStatuses.add(last.status());
    } while (last.status() < 200);
    last.header("To").ifPresent(to -> toHeader = to);
    if (last.status() >= 300) send("ACK", branch, cseq, List.of(), "", "");
    return last;
  }

  private String offer(String direction) {
    String local = socket.getLocalAddress().getHostAddress();
    return "v=0\r\no=raw 1 " + cseq + " IN IP4 " + local + "\r\ns=-\r\nc=IN IP4 " + local + "\r\nt=0 0\r\n"
        + "m=audio " + socket.getLocalPort() + " RTP/AVP " + formats + "\r\na=ptime:20\r\n" + sdpLines
        + (direction.isEmpty() ? "" : "a=" + direction + "\r\n");
  }

  /**
   * A re-INVITE or UPDATE in the answered call with {@code extraHeaders}, offering audio in
   * {@code direction} ({@code sendonly} for a hold; empty: no offer at all); its final response, a
   * re-INVITE's acknowledged.
   */
  Reply inCall(String method, List<String> extraHeaders, Optional<String> direction) throws IOException {
    String branch = branch();
    int number = ++cseq;
    send(method, branch, number, extraHeaders, direction.isPresent() ? "Content-Type: application/sdp\r\n" : "",
        direction.map(this::offer).orElse(""));
    Reply last;
    do {
      last = receive();
    } while (last.status() < 200 || !last.header("CSeq").orElse("").endsWith(method));
    if (method.equals("INVITE")) send("ACK", last.status() < 300 ? branch() : branch, number, List.of(), "", "");
    return last;
  }

  /** The statuses the node answered the last INVITE with, in their order: 100, 180, 200 for a call that rang. */
  List<Integer> inviteStatuses() {
    return List.copyOf(inviteStatuses);
  }

  /** The requests the node sent (its BYE, a session refresh), whole, in their order. */
  List<String> requestsFromNode() {
    return List.copyOf(requestsFromNode);
  }

  /** The node's RTP packets received so far, and its RTCP packets (on the same port: RFC 5761). */
  int rtpReceived() {
    return rtpPackets.get();
  }

  int rtcpReceived() {
    return rtcpPackets.get();
  }

  /** Receives for {@code time}, counting the node's packets and answering its requests. */
  void listen(Duration time) throws IOException {
    awaitRequest("", time);
  }

  /** Whether the node sent {@code method} (a BYE) within {@code timeout}; it was answered 200. */
  boolean awaitRequest(String method, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (requestsFromNode.stream().anyMatch(request -> request.startsWith(method + " ") && !method.isEmpty())) return true;
      socket.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
      try {
        readOne();
      } catch (SocketTimeoutException quiet) {
        // nothing this round
      } finally {
        socket.setSoTimeout(15_000);
      }
    }
    return !method.isEmpty() && requestsFromNode.stream().anyMatch(request -> request.startsWith(method + " "));
  }

  /** The Request-URI of the last INVITE. */
  String requestUri() {
    return requestUri;
  }

  /** Acknowledges a 2xx answer and hangs up; returns the BYE's final response. */
  Reply ackAndHangUp() throws IOException {
    ack();
    return hangUp();
  }

  /** Acknowledges the INVITE's 2xx answer. */
  void ack() throws IOException {
    send("ACK", branch(), cseq, List.of(), "", "");
  }

  /** Hangs up the answered call; returns the BYE's final response. */
  Reply hangUp() throws IOException {
    send("BYE", branch(), ++cseq, List.of(), "", "");
    Reply reply;
    do {
      reply = receive();
    } while (!reply.header("CSeq").orElse("").endsWith("BYE") || reply.status() < 200);
    return reply;
  }

  private void send(String method, String branch, int number, List<String> extraHeaders, String contentType, String body)
      throws IOException {
    StringBuilder request = new StringBuilder()
        .append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP ").append(socket.getLocalAddress().getHostAddress()).append(':')
        .append(socket.getLocalPort()).append(";branch=").append(branch)
        .append(";rport\r\n")
        .append("From: <sip:+4915112345678@127.0.0.1>;tag=").append(fromTag).append("\r\n")
        .append("To: ").append(toHeader).append("\r\n")
        .append("Call-ID: ").append(callId).append("\r\n")
        .append("CSeq: ").append(number).append(' ').append(method).append("\r\n")
        .append("Contact: <sip:raw@").append(socket.getLocalAddress().getHostAddress()).append(':')
        .append(socket.getLocalPort()).append(">\r\n")
        .append("Max-Forwards: 70\r\n");
    extraHeaders.forEach(line -> request.append(line).append("\r\n"));
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    request.append(contentType).append("Content-Length: ").append(content.length).append("\r\n\r\n").append(body);
    byte[] bytes = request.toString().getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(bytes, bytes.length, node));
  }

  /** The next response; the node's packets and requests meanwhile are counted and answered. */
  private Reply receive() throws IOException {
    while (true) {
      try {
        Optional<Reply> reply = readOne();
        if (reply.isPresent()) return reply.get();
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the node sent no response in time", e);
      }
    }
  }

  /** One datagram: a response returned; RTP and RTCP counted; a request from the node kept and answered 200. */
  private Optional<Reply> readOne() throws IOException {
    byte[] buffer = new byte[65_535];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    socket.receive(packet);
    if (packet.getLength() >= 8 && (buffer[0] & 0xC0) == 0x80) {
      int type = buffer[1] & 0xFF;
      (type >= 200 && type <= 204 ? rtcpPackets : rtpPackets).incrementAndGet();
      return Optional.empty();
    }
    String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    Matcher status = STATUS.matcher(text);
    if (status.find()) return Optional.of(new Reply(Integer.parseInt(status.group(1)), text));
    if (!text.startsWith("ACK ")) answer(text, packet);
    requestsFromNode.add(text);
    return Optional.empty();
  }

  private void answer(String request, DatagramPacket from) throws IOException {
    StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
    request.lines().filter(line -> line.matches("(?i)^(Via|From|To|Call-ID|CSeq):.*"))
        .forEach(line -> ok.append(line).append("\r\n"));
    byte[] bytes = ok.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(bytes, bytes.length, from.getSocketAddress()));
  }

  private static String branch() {
    return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
  }

  @Override
  public void close() {
    socket.close();
  }
}
