package io.parley.http;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP caller that writes its requests as text over UDP, header by header, as an attacker or an
 * unusual trunk would: what it sends is exactly what the test says, nothing a SIP stack adds or
 * fixes. One call at a time: INVITE (with any extra headers), ACK, BYE.
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
    requestUri = "sip:" + user + "@127.0.0.1:" + node.getPort();
    toHeader = "<" + requestUri + ">";
    String local = socket.getLocalAddress().getHostAddress();
    String offer = "v=0\r\no=raw 1 1 IN IP4 " + local + "\r\ns=-\r\nc=IN IP4 " + local + "\r\nt=0 0\r\n"
        + "m=audio " + socket.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n";
    String branch = branch();
    send("INVITE", branch, ++cseq, extraHeaders, "Content-Type: application/sdp\r\n", offer);
    Reply last;
    do {
      last = receive();
    } while (last.status() < 200);
    last.header("To").ifPresent(to -> toHeader = to);
    if (last.status() >= 300) send("ACK", branch, cseq, List.of(), "", "");
    return last;
  }

  /** The Request-URI of the last INVITE. */
  String requestUri() {
    return requestUri;
  }

  /** Acknowledges a 2xx answer and hangs up; returns the BYE's final response. */
  Reply ackAndHangUp() throws IOException {
    send("ACK", branch(), cseq, List.of(), "", "");
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

  /** The next response, requests from the node (none expected here) skipped. */
  private Reply receive() throws IOException {
    byte[] buffer = new byte[65_535];
    while (true) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the node sent no response in time", e);
      }
      String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      Matcher status = STATUS.matcher(text);
      if (status.find()) return new Reply(Integer.parseInt(status.group(1)), text);
    }
  }

  private static String branch() {
    return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
  }

  @Override
  public void close() {
    socket.close();
  }
}
