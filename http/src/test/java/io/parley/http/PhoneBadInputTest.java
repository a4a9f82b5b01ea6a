package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.testing.Awaiting;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.SipException;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Bad input at the SIP port, end to end with hand-written SIP on loopback (UDP and TCP), as a
 * broken or hostile peer sends it: a flood of INVITEs from one address, garbage, offers without
 * audio, naming a host for it, or too large to be offers. Each gets an error response or is dropped, the refusals are
 * logged once a minute per source, and the node goes on answering everyone else. A call to a
 * tenant whose key the node's database holds wrapped by another root key than the node's gets 500
 * at once. One node serves
 * the class: each test sends from addresses of its own (the flood from 127.0.0.2, the garbage from
 * 127.0.0.3, the trunk from 127.0.0.4), and the few calls from 127.0.0.1 stay below the flood limit.
 */
@RealTime
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneBadInputTest {
  private static final int INVITES_PER_MINUTE = 10;
  /** A trunk's own address, listed among the allowed sources by name. */
  private static final String TRUNK = "127.0.0.4";
  /** The support line, and the line of a tenant whose key the node cannot open. */
  private static final String SUPPORT = "+4930555100";
  private static final String MOVED = "+4930555200";
  /** The line of a tenant whose first key read the test holds up. */
  private static final String HELD = "+4930555300";
  private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3}) ");
  private FakeChatCompletionsServer model;
  private DatabaseSettings database;
  private ParleyNode node;
  private int sipPort;
  private PhonePorts ports;
  private final ListAppender<ILoggingEvent> refusals = new ListAppender<>();
  private final Logger refusalLog = (Logger) LoggerFactory.getLogger("io.parley.voice.phone.RefusalLog");
  private final ListAppender<ILoggingEvent> bridgeLines = new ListAppender<>();
  private final Logger bridgeLog = (Logger) LoggerFactory.getLogger("io.parley.voice.phone.SipBridge");

  @BeforeAll
  void start() throws Exception {
    model = FakeChatCompletionsServer.start(request -> "Your ticket is open.");
    ports = PhonePorts.take(200);
    sipPort = ports.sip();
    database = TestPostgres.newDatabase();
    try (Connection connection = connect();
        PreparedStatement moved = connection.prepareStatement("INSERT INTO tenant_key (tenant, root_key_id, wrapped_key,"
            + " created_at) VALUES (?, 'another-root', ?, CURRENT_TIMESTAMP)")) {
      moved.setString(1, "moved");
      moved.setBytes(2, new byte[48]);
      moved.executeUpdate();
    }
    node = TestPhoneNode.start(model.baseUrl(), database, ports, Map.of("parley.sip.invites-per-minute",
        INVITES_PER_MINUTE, "parley.sip.allowed-sources", "*," + TRUNK,
        "parley.sip.numbers", SUPPORT + "=" + TestIdentity.DEFAULT_TENANT + "," + MOVED + "=moved," + HELD + "=held"));
    refusals.start();
    refusalLog.addAppender(refusals);
    bridgeLines.start();
    bridgeLog.addAppender(bridgeLines);
  }

  @AfterAll
  void stop() {
    refusalLog.detachAppender(refusals);
    bridgeLog.detachAppender(bridgeLines);
    node.close();
    model.close();
  }

  @Test
  void aFloodOfInvitesFromOneAddressGets503WithRetryAfterAndIsLoggedOnce() throws Exception {
    List<String> finals = new ArrayList<>();
    try (DatagramSocket flood = udpFrom("127.0.0.2")) {
      for (int i = 0; i < INVITES_PER_MINUTE + 5; i++) {
        String response = exchange(flood, invite("UDP", flood.getLocalPort(), "127.0.0.2", videoOnly()));
        finals.add(response);
      }
    }
    long unavailable = finals.stream().filter(r -> status(r) == 503).count();
    assertEquals(5, unavailable, "past " + INVITES_PER_MINUTE + " a minute: " + finals.stream().map(this::status).toList());
    assertTrue(finals.stream().filter(r -> status(r) == 503).allMatch(r -> r.matches("(?s).*\r\nRetry-After: *[1-9]\\d*.*")),
        "each 503 says when to come back: " + finals.get(finals.size() - 1));
    assertEquals(1, refusals.list.stream().filter(line -> line.getFormattedMessage().contains("127.0.0.2")).count(),
        "one line a minute for the flooding address: " + refusals.list);

    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      assertEquals(488, phone.call(sipPort, "+4915112345678", SUPPORT, videoOnly()).getStatusCode(),
          "another address is not limited by the flood (and an offer without audio gets 488)");
    }
  }

  @Test
  void aTrunksOwnAddressIsNotHeldToTheFloodLimit() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    try (DatagramSocket trunk = udpFrom(TRUNK)) {
      for (int i = 0; i < INVITES_PER_MINUTE + 5; i++) {
        statuses.add(status(exchange(trunk, invite("UDP", trunk.getLocalPort(), TRUNK, videoOnly()))));
      }
    }

    assertEquals(Collections.nCopies(INVITES_PER_MINUTE + 5, 488), statuses,
        "every call of a listed trunk address is looked at (and an offer without audio gets 488), none refused as a flood");
  }

  @Test
  void aCallWithEveryRtpPortTakenGets503WithRetryAfterAtOnce() throws Exception {
    List<DatagramSocket> taken = new ArrayList<>();
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      for (int port = ports.rtpMin(); port <= ports.rtpMax(); port++) {
        taken.add(new DatagramSocket(new InetSocketAddress("127.0.0.1", port)));
      }
      Response refused = phone.call(sipPort, "+4915112345678", SUPPORT, phone.offer());
      assertEquals(503, refused.getStatusCode(), refused.toString());
      assertTrue(refused.getHeader("Retry-After") != null, "it says when to come back: " + refused);
    } finally {
      taken.forEach(DatagramSocket::close);
    }
  }

  @Test
  void garbageAndMalformedRequestsAreDroppedOrRefusedAndTheNodeGoesOn() throws Exception {
    try (DatagramSocket peer = udpFrom("127.0.0.3")) {
      String broken = "INVITE sip:support@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.3:" + peer.getLocalPort()
          + ";branch=z9hG4bK-broken\r\nFrom: <sip:a@127.0.0.3>;tag=1\r\nTo: <sip:support@127.0.0.1>\r\nCall-ID: broken\r\n"
          + "CSeq: not-a-number INVITE\r\nContent-Length: 0\r\n\r\n";
      send(peer, "\u0000\u0001 not SIP at all \r\n\r\n");
      send(peer, "INVITE sip:support@127.0.0.1 SIP/2.0\r\nVia: nonsense\r\nCSeq: many INVITE\r\nContent-Length: 5\r\n\r\nhello");
      send(peer, broken);
      List<String> answers = new ArrayList<>();
      for (Optional<String> answer = receive(peer, 2_000); answer.isPresent(); answer = receive(peer, 2_000)) {
        answers.add(answer.get());
      }
      assertTrue(answers.stream().allMatch(response -> status(response) == 400),
          "refused as Bad Request, or dropped: " + answers);
      String options = "OPTIONS sip:support@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.3:" + peer.getLocalPort()
          + ";branch=z9hG4bK-" + UUID.randomUUID() + "\r\nMax-Forwards: 70\r\nFrom: <sip:a@127.0.0.3>;tag=1\r\n"
          + "To: <sip:support@127.0.0.1>\r\nCall-ID: " + UUID.randomUUID() + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
      assertEquals(200, status(exchange(peer, options)), "the node still answers");
    }
  }

  @Test
  void anOfferNamingAHostForItsAudioGets488() throws Exception {
    String named = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 media.example.invalid\r\nt=0 0\r\n"
        + "m=audio 4000 RTP/AVP 0\r\n";
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      assertEquals(488, phone.call(sipPort, "+4915112345678", SUPPORT, named).getStatusCode(),
          "the bot's audio goes to an address the caller gives, never to a name the node would look up");
    }
  }

  @Test
  void aCallTheNodeCannotSetUpGets500AtOnceAndIsCounted() throws Exception {
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      Response failed = phone.call(sipPort, "+4915112345678", MOVED, phone.offer());
      assertEquals(Response.SERVER_INTERNAL_ERROR, failed.getStatusCode(),
          "told, not left to send its INVITE again until its timer runs out: " + failed);
    }
    String metrics = OpsClient.withToken(node.httpPort()).get("/metrics").body();
    assertTrue(metrics.contains("parley_phone_calls_total{cause=\"failed\",tenant=\"moved\"} 1.0"), metrics);
    assertEquals(List.of("sip-call-setup"), bridgeLines.list.stream()
        .filter(line -> line.getFormattedMessage().startsWith("SIP INVITE could not be handled"))
        .map(ILoggingEvent::getThreadName).toList(), "set up on its own thread, never the SIP stack's or an actor's");
  }

  @Test
  void aCallCancelledBeforeItRingsGets487AndNeverRings() throws Exception {
    try (Connection holder = connect(); TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      // The tenant's first call reads (here: creates) its key: the test's own row, not committed, holds that up.
      holder.setAutoCommit(false);
      try (PreparedStatement held = holder.prepareStatement("INSERT INTO tenant_key (tenant, root_key_id, wrapped_key,"
          + " created_at) VALUES ('held', 'another-root', ?, CURRENT_TIMESTAMP)")) {
        held.setBytes(1, new byte[48]);
        held.executeUpdate();
      }
      CompletableFuture<Response> answer = phone.dial(sipPort, "+4915112345678", HELD, phone.offer());
      Awaiting.await("the call waiting for its tenant's key").atMost(Duration.ofSeconds(20)).until(() -> waitingForKey());
      Awaiting.await("the CANCEL sent").atMost(Duration.ofSeconds(5)).until(() -> {
        try {
          phone.cancel();
          return true;
        } catch (SipException noProvisionalResponseYet) {
          return false;
        }
      });
      assertEquals(Response.REQUEST_TERMINATED, answer.get(10, TimeUnit.SECONDS).getStatusCode(),
          "the INVITE ends when the caller gives up, even before it rang");
      holder.rollback();
      Awaiting.await("the cancelled call counted").atMost(Duration.ofSeconds(20)).until(() ->
          OpsClient.withToken(node.httpPort()).get("/metrics").body()
              .contains("parley_phone_calls_total{cause=\"cancelled\",tenant=\"held\"} 1.0"));
      assertFalse(phone.ringing().isDone(), "it never rang: " + phone.ringing());
    }
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(database.url(), database.user().orElse(null), database.password().orElse(null));
  }

  /** Whether a statement of the node's waits on the test's uncommitted key row. */
  private boolean waitingForKey() throws Exception {
    try (Connection look = connect(); PreparedStatement waiting = look.prepareStatement("SELECT count(*) FROM"
        + " pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO tenant_key%'");
        ResultSet rows = waiting.executeQuery()) {
      return rows.next() && rows.getInt(1) > 0;
    }
  }

  @Test
  void anOfferTooLargeToBeOneGets413AndOneBeyondTheMessageLimitIsCutOff() throws Exception {
    String large = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
        + "a=x-padding:" + "x".repeat(20_000) + "\r\n";
    try (Socket tcp = new Socket("127.0.0.1", sipPort)) {
      tcp.setSoTimeout(10_000);
      String request = invite("TCP", tcp.getLocalPort(), "127.0.0.1", large);
      tcp.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      assertEquals(Response.REQUEST_ENTITY_TOO_LARGE, status(finalOverTcp(tcp.getInputStream())));
    }
    try (Socket tcp = new Socket("127.0.0.1", sipPort)) {
      tcp.setSoTimeout(10_000);
      OutputStream out = tcp.getOutputStream();
      String request = invite("TCP", tcp.getLocalPort(), "127.0.0.1", large.replace("x".repeat(20_000), "x".repeat(200_000)));
      try {
        out.write(request.getBytes(StandardCharsets.UTF_8));
        assertEquals(-1, tcp.getInputStream().read(), "the connection is closed, nothing answered");
      } catch (SocketException reset) {
        // the node closed the connection while the message was still being sent
      }
    }
    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      assertEquals(488, phone.call(sipPort, "+4915112345678", SUPPORT, videoOnly()).getStatusCode(),
          "the node goes on");
    }
  }

  private static String videoOnly() {
    return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 4002 RTP/AVP 96\r\n"
        + "a=rtpmap:96 H264/90000\r\n";
  }

  private String invite(String transport, int localPort, String from, String sdp) {
    byte[] body = sdp.getBytes(StandardCharsets.UTF_8);
    return "INVITE sip:" + SUPPORT + "@127.0.0.1:" + sipPort + " SIP/2.0\r\n"
        + "Via: SIP/2.0/" + transport + " " + from + ":" + localPort + ";branch=z9hG4bK-" + UUID.randomUUID() + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:+4915100000000@" + from + ">;tag=" + UUID.randomUUID().toString().substring(0, 8) + "\r\n"
        + "To: <sip:" + SUPPORT + "@127.0.0.1>\r\n"
        + "Call-ID: " + UUID.randomUUID() + "@" + from + "\r\n"
        + "CSeq: 1 INVITE\r\n"
        + "Contact: <sip:caller@" + from + ":" + localPort + ";transport=" + transport.toLowerCase() + ">\r\n"
        + "Content-Type: application/sdp\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n" + sdp;
  }

  private DatagramSocket udpFrom(String address) throws IOException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0));
    socket.setSoTimeout(200);
    return socket;
  }

  private void send(DatagramSocket socket, String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", sipPort)));
  }

  /** Sends a request and waits for its final response (provisional ones are skipped). */
  private String exchange(DatagramSocket socket, String request) throws IOException {
    send(socket, request);
    String callId = header(request, "Call-ID");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<String> response = receive(socket, 200);
      if (response.isPresent() && status(response.get()) >= 200 && callId.equals(header(response.get(), "Call-ID"))) {
        return response.get();
      }
    }
    throw new AssertionError("no final response to " + request.lines().findFirst().orElse(""));
  }

  private static Optional<String> receive(DatagramSocket socket, int millis) {
    byte[] buffer = new byte[65_536];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        socket.receive(packet);
        return Optional.of(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8));
      } catch (SocketTimeoutException quiet) {
        // until the deadline
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return Optional.empty();
  }

  /** The first final response read from a TCP connection (responses have no body here). */
  private String finalOverTcp(InputStream in) throws IOException {
    StringBuilder read = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      read.append((char) b);
      int end = read.indexOf("\r\n\r\n");
      if (end >= 0) {
        String response = read.substring(0, end + 4);
        read.delete(0, end + 4);
        if (status(response) >= 200) return response;
      }
    }
    throw new AssertionError("the connection closed without a final response: " + read);
  }

  private int status(String response) {
    Matcher matcher = STATUS.matcher(response);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
  }

  private static String header(String message, String name) {
    return message.lines().filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
        .map(line -> line.substring(name.length() + 1).strip()).findFirst().orElse("");
  }
}
