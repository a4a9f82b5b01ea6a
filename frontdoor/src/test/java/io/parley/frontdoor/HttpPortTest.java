package io.parley.frontdoor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpPortTest extends AllDirectives {
  private static final Duration WAIT = Duration.ofSeconds(10);
  // Few unfinished heads, few connections an address and a short write deadline: each is what a
  // test checks. The head timeout is longer than any test (one that checks it binds a port of its
  // own). Past 24 of the 32 connections the oldest idle one makes way.
  private static final PortLimits LIMITS = new PortLimits(Duration.ofSeconds(30), 8, 16, Duration.ofSeconds(1), 8, 0.75);
  // Few connections: past them, a port that held slow heads would accept no one. An idle timeout
  // longer than any test, so that only the port's own deadlines end a connection.
  private final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "pekko.http.server.idle-timeout = 60s\npekko.http.server.max-connections = 32").withFallback(ConfigFactory.load()));
  private final BlockingQueue<Class<?>> upgrades = new LinkedBlockingQueue<>();
  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final java.util.concurrent.Semaphore slowAsked = new java.util.concurrent.Semaphore(0);
  private final CompletableFuture<String> slowAnswer = new CompletableFuture<>();
  private final CountDownLatch slowSocketAsked = new CountDownLatch(1);
  private final CompletableFuture<Void> slowSocketGate = new CompletableFuture<>();
  private final CompletableFuture<Void> slowSocketHandlerEnded = new CompletableFuture<>();
  private final CompletableFuture<Void> watchedSocketClosed = new CompletableFuture<>();
  private HttpPort port;

  @BeforeEach
  void bind() {
    port = HttpPort.bind(testKit.system(), "127.0.0.1", 0, routes(), 64 * 1024, LIMITS).toCompletableFuture().join();
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  private Route routes() {
    return concat(
        path("echo", () -> extractWebSocketUpgrade(upgrade -> {
          upgrades.add(upgrade.getClass());
          Flow<Message, Message, ?> echo = Flow.of(Message.class)
              .map(m -> (Message) TextMessage.create("echo: " + m.asTextMessage().getStrictText()));
          boolean offered = upgrade.getRequestedProtocols().iterator().hasNext();
          return complete(offered ? upgrade.handleMessagesWith(echo, upgrade.getRequestedProtocols().iterator().next())
              : upgrade.handleMessagesWith(echo));
        })),
        path("watched", () -> extractRequest(request -> extractWebSocketUpgrade(upgrade -> {
          request.getAttribute(HttpPort.CONNECTION_CLOSED).orElseThrow()
              .thenRun(() -> watchedSocketClosed.complete(null));
          return complete(upgrade.handleMessagesWith(Flow.of(Message.class)));
        }))),
        path("refuse", () -> respondWithHeader(org.apache.pekko.http.javadsl.model.headers.RawHeader.create("Retry-After", "7"),
            () -> complete(StatusCodes.TOO_MANY_REQUESTS, HttpEntities.create("too many sockets")))),
        path("plain", () -> concat(
            get(() -> complete("hello")),
            post(() -> entity(org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller.entityToString(),
                body -> complete("got " + body))))),
        path("slowsocket", () -> extractWebSocketUpgrade(upgrade -> {
          slowSocketAsked.countDown();
          Flow<Message, Message, ?> handler = Flow.of(Message.class).watchTermination((mat, ended) -> {
            ended.whenComplete((done, failure) -> slowSocketHandlerEnded.complete(null));
            return mat;
          });
          return completeWithFuture(slowSocketGate.thenApply(open -> upgrade.handleMessagesWith(handler)));
        })),
        path("changedmind", () -> extractWebSocketUpgrade(upgrade -> {
          // Accepts, then answers otherwise, as a route whose later step fails would.
          upgrade.handleMessagesWith(Flow.of(Message.class).watchTermination((mat, ended) -> {
            ended.whenComplete((done, failure) -> slowSocketHandlerEnded.complete(null));
            return mat;
          }));
          return complete(StatusCodes.FORBIDDEN, "not after all");
        })),
        path("slow", () -> {
          slowStarted.countDown();
          slowAsked.release();
          return completeWithFuture(slowAnswer.thenApply(text -> org.apache.pekko.http.javadsl.model.HttpResponse.create()
              .withEntity(text)));
        }));
  }

  private URI uri(String scheme, String path) {
    return URI.create(scheme + "://127.0.0.1:" + port.localAddress().getPort() + path);
  }

  @Test
  void aSocketIsServedOverTheOwnFramingAndSpeaksWithARealClient() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("parley.v1")
        .buildAsync(uri("ws", "/echo"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.add(data.toString());
            webSocket.request(1);
            return null;
          }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(SocketUpgrade.class, upgrades.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals("parley.v1", socket.getSubprotocol());
    socket.sendText("hi", true).join();
    assertEquals("echo: hi", received.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
  }

  @Test
  void aClientsCloseIsAnsweredBeforeTheConnectionCloses() throws Exception {
    try (Socket client = timedClient()) {
      write(client, handshake("/echo"));
      assertTrue(readHead(client.getInputStream()).startsWith("HTTP/1.1 101 "));
      // A masked close with code 1000 (mask 0,0,0,0 keeps the payload as is).
      client.getOutputStream().write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
      byte[] answer = client.getInputStream().readAllBytes();
      assertArrayEquals(new byte[] {(byte) 0x88, 0x02, 0x03, (byte) 0xE8}, answer, "the close echoed, then the end");
    }
  }

  @Test
  void aHandshakeReadInPiecesIsStillOneHandshake() throws Exception {
    try (Socket client = timedClient()) {
      OutputStream out = client.getOutputStream();
      for (byte b : handshake("/echo").getBytes(StandardCharsets.ISO_8859_1)) {
        out.write(b);
        out.flush();
      }
      String head = readHead(client.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 101 "), head);
      assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), head);
      assertEquals(SocketUpgrade.class, upgrades.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
  }

  @Test
  void aRefusedHandshakeGetsTheRoutesAnswerAndTheConnectionCloses() throws Exception {
    try (Socket client = timedClient()) {
      write(client, handshake("/refuse"));
      String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(answer.startsWith("HTTP/1.1 429 Too Many Requests\r\n"), answer);
      assertTrue(answer.contains("Retry-After: 7\r\n"), answer);
      assertTrue(answer.contains("Connection: close\r\n"), answer);
      assertTrue(answer.endsWith("\r\n\r\ntoo many sockets"), answer);
    }
  }

  @Test
  void whatIsNotAPlainHandshakeIsPekkoHttpsToServe() throws Exception {
    // A head too large to be read here (a big cookie): Pekko HTTP upgrades it.
    try (Socket client = timedClient()) {
      // Three cookies within Pekko HTTP's 8 KiB a header, over this port's 16 KiB a head.
      String cookie = ("Cookie: c=" + "x".repeat(6000) + "\r\n").repeat(3) + "\r\n";
      write(client, handshake("/echo").replaceFirst("\r\n\r\n$", "\r\n" + cookie));
      assertTrue(readHead(client.getInputStream()).startsWith("HTTP/1.1 101 "));
      Class<?> upgrade = upgrades.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertFalse(SocketUpgrade.class.equals(upgrade), "Pekko HTTP's own upgrade, not this port's");
    }
    HttpClient http = HttpClient.newHttpClient();
    assertEquals("hello", http.send(HttpRequest.newBuilder(uri("http", "/plain")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    assertEquals("got a body", http.send(HttpRequest.newBuilder(uri("http", "/plain"))
        .POST(HttpRequest.BodyPublishers.ofString("a body")).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  @Test
  void terminatingLetsARequestUnderWayFinishAndRefusesNewOnes() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(uri("http", "/slow")).build(),
        HttpResponse.BodyHandlers.ofString());
    // A second connection, open before the end, asks after it began.
    try (Socket late = timedClient(); Socket lateSocket = timedClient()) {
      assertTrue(slowStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      // As the node's shutdown does: unbind first, then terminate.
      port.unbind().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      CompletableFuture<?> terminated = port.terminate(WAIT).toCompletableFuture();
      write(late, "GET /plain HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(readHead(late.getInputStream()).startsWith("HTTP/1.1 503 "));
      write(lateSocket, handshake("/echo"));
      assertTrue(readHead(lateSocket.getInputStream()).startsWith("HTTP/1.1 503 "), "no new socket while closing");
      assertFalse(terminated.isDone(), "a request is still under way");
      slowAnswer.complete("finished");
      assertEquals("finished", slow.get(WAIT.toSeconds(), TimeUnit.SECONDS).body());
      terminated.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void pastTheHardDeadlineARequestStillUnderWayIsCutOff() throws Exception {
    CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(uri("http", "/slow")).build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(slowStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    port.terminate(Duration.ofMillis(200)).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    ExecutionException cutOff = assertThrows(ExecutionException.class, () -> slow.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, cutOff.getCause());
  }

  @Test
  void aSocketWhoseClientLeftBeforeTheAnswerStillEndsItsHandler() throws Exception {
    try (Socket client = new Socket("127.0.0.1", port.localAddress().getPort())) {
      write(client, handshake("/slowsocket"));
      assertTrue(slowSocketAsked.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      // A reset, as a phone losing its network: the connection's stream fails, not just ends.
      client.setSoLinger(true, 0);
    }
    // The client is gone; the route accepts only now. Its handler (which would hold a connection
    // slot in Parley's routes) must still run, on no input, and end.
    Thread.sleep(200);
    slowSocketGate.complete(null);
    slowSocketHandlerEnded.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void aHandlerAcceptedThenAnsweredOtherwiseStillEnds() throws Exception {
    try (Socket client = timedClient()) {
      write(client, handshake("/changedmind"));
      assertTrue(readHead(client.getInputStream()).startsWith("HTTP/1.1 403 "));
    }
    slowSocketHandlerEnded.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void aClientThatNeverFinishesItsFirstHeadIsNotWaitedFor() throws Exception {
    HttpPort shortHeads = HttpPort.bind(testKit.system(), "127.0.0.1", 0, routes(), 64 * 1024,
        new PortLimits(Duration.ofSeconds(1), 8, 16, Duration.ofSeconds(1), 8, 0.75)).toCompletableFuture().join();
    // One head this port reads, and one it hands to Pekko HTTP at once (a POST): the deadline is the same.
    for (String unfinished : java.util.List.of("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n", "POST /plain HTTP/1.1\r\nHost: x\r\n")) {
      try (Socket client = new Socket("127.0.0.1", shortHeads.localAddress().getPort())) {
        client.setSoTimeout((int) WAIT.toMillis());
        write(client, unfinished);
        assertEquals(-1, client.getInputStream().read(), "closed without an answer: " + unfinished);
      }
    }
  }

  @Test
  void headsWithBareLineFeedsAreAnsweredAtOnce() throws Exception {
    for (String head : java.util.List.of("GET /plain HTTP/1.1\nHost: x\n\n", "GET /plain HTTP/1.1\r\nHost: x\r\n\n")) {
      try (Socket client = timedClient()) {
        write(client, head);
        assertTrue(readHead(client.getInputStream()).startsWith("HTTP/1.1 200 "), head);
      }
    }
    try (Socket client = timedClient()) {
      write(client, handshake("/echo").replace("\r\n", "\n"));
      assertTrue(readHead(client.getInputStream()).startsWith("HTTP/1.1 101 "), "Pekko HTTP upgrades it");
    }
  }

  @Test
  void aClientThatStopsReadingIsResetAtTheWriteDeadline() throws Exception {
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(4096);
      client.connect(port.localAddress());
      client.setSoTimeout((int) WAIT.toMillis());
      write(client, handshake("/watched"));
      assertTrue(readHead(client.getInputStream()).startsWith("HTTP/1.1 101 "));
      // Messages echoed back that the client never reads, until the port gives up on it.
      CompletableFuture<IOException> writing = CompletableFuture.supplyAsync(() -> {
        byte[] frame = maskedText(16 * 1024);
        try {
          for (int i = 0; i < 64 * 1024; i++) client.getOutputStream().write(frame);
          return null;
        } catch (IOException reset) {
          return reset;
        }
      });
      watchedSocketClosed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertInstanceOf(IOException.class, writing.get(WAIT.toSeconds(), TimeUnit.SECONDS), "reset, not left open");
    }
  }

  @Test
  void slowHeadsFromOneHostDoNotKeepThePortFromOthers() throws Exception {
    java.util.List<Socket> slow = new java.util.ArrayList<>();
    try {
      // More unfinished heads than the port's max-connections, from this one host.
      for (int i = 0; i < 40; i++) {
        Socket client = timedClient();
        write(client, "GET /pla");
        slow.add(client);
      }
      long started = System.nanoTime();
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("http", "/plain"))
          .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals("hello", answer.body());
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(LIMITS.headTimeout()) < 0,
          "answered before any head timed out");
      String madeWay = readHead(slow.get(0).getInputStream());
      assertTrue(madeWay.startsWith("HTTP/1.1 503 ") && madeWay.contains("\r\nRetry-After: 1\r\n"),
          "the oldest made way, answered: " + madeWay);
    } finally {
      for (Socket client : slow) client.close();
    }
  }

  @Test
  void idleConnectionsOfOneAddressPastItsBoundMakeWayAndAnotherAddressIsServedAtOnce() throws Exception {
    try (Connections idle = new Connections()) {
      // More than the port's 32 connections, each answered and kept open, from one address.
      for (int i = 0; i < 40; i++) {
        assertTrue(idle.from("127.0.0.2").get("/plain").startsWith("HTTP/1.1 200 "), "connection " + i);
      }
      assertAnsweredAtOnce("127.0.0.3");
      idle.all().getFirst().expectEnd();
      assertTrue(idle.all().getLast().get("/plain").endsWith("hello"), "the newest stay open");
    }
  }

  @Test
  void aNewConnectionOfAnAddressWhoseEveryConnectionIsBusyIsRefused() throws Exception {
    try (Connections busy = new Connections()) {
      for (int i = 0; i < LIMITS.connectionsPerAddress(); i++) {
        busy.from("127.0.0.2").write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      }
      assertTrue(slowAsked.tryAcquire(LIMITS.connectionsPerAddress(), WAIT.toSeconds(), TimeUnit.SECONDS));
      try (RawSocket refused = RawSocket.connectFrom("127.0.0.2", port.localAddress().getPort())) {
        String answer = refused.readResponse();
        assertTrue(answer.startsWith("HTTP/1.1 503 ") && answer.contains("\r\nRetry-After: 1\r\n"), answer);
        refused.expectEnd();
      }
      assertAnsweredAtOnce("127.0.0.3");
      slowAnswer.complete("finished");
      for (RawSocket client : busy.all()) {
        assertTrue(client.readHead().startsWith("HTTP/1.1 200 "), "requests under way are answered");
      }
    }
  }

  @Test
  void aCrowdedPortClosesItsOldestIdleConnectionForEachNewOne() throws Exception {
    try (Connections open = new Connections()) {
      RawSocket busy = open.from("127.0.0.10");
      busy.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(slowAsked.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS));
      // 24 connections in all, within every address's bound: the port is at its mark.
      for (int i = 1; i < 24; i++) {
        assertTrue(open.from("127.0.0." + (10 + i / 6)).get("/plain").startsWith("HTTP/1.1 200 "));
      }
      assertAnsweredAtOnce("127.0.0.20");
      open.all().get(1).expectEnd();
      assertTrue(open.all().get(2).get("/plain").endsWith("hello"), "one new connection, one closed");
      slowAnswer.complete("finished");
      assertTrue(busy.readHead().startsWith("HTTP/1.1 200 "), "the oldest, but busy");
    }
  }

  @Test
  void socketsDoNotCountAsTheirAddresssConnections() throws Exception {
    try (Connections sockets = new Connections()) {
      for (int i = 0; i < 2 * LIMITS.connectionsPerAddress(); i++) {
        RawSocket socket = sockets.from("127.0.0.2");
        socket.write(handshake("/echo"));
        assertTrue(socket.readHead().startsWith("HTTP/1.1 101 "));
      }
      for (RawSocket socket : sockets.all()) {
        socket.send(RawSocket.FIN | RawSocket.TEXT, "hi");
        assertEquals("echo: hi", socket.nextData().text());
      }
    }
  }

  /**
   * A new client on {@code address} gets its answer within five seconds (a loaded machine's
   * margin): without room made, it would wait out the 60 s idle timeout of the connections held.
   */
  /** The connections a test opens to the port, each from a loopback address of its choosing; closed together. */
  private final class Connections implements AutoCloseable {
    private final List<RawSocket> opened = new ArrayList<>();

    RawSocket from(String address) throws IOException {
      RawSocket socket = RawSocket.connectFrom(address, port.localAddress().getPort());
      opened.add(socket);
      return socket;
    }

    /** Every connection opened so far, oldest first. */
    List<RawSocket> all() {
      return opened;
    }

    @Override
    public void close() throws IOException {
      for (RawSocket socket : opened) socket.close();
    }
  }

  /** A plain connection to the port whose reads give up after {@link #WAIT}. */
  private Socket timedClient() throws IOException {
    Socket client = new Socket("127.0.0.1", port.localAddress().getPort());
    client.setSoTimeout((int) WAIT.toMillis());
    return client;
  }

  private static void write(Socket client, String text) throws IOException {
    client.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private void assertAnsweredAtOnce(String address) throws IOException {
    try (RawSocket client = RawSocket.connectFrom(address, port.localAddress().getPort())) {
      long started = System.nanoTime();
      assertTrue(client.get("/plain").endsWith("hello"));
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0, "at once");
    }
  }

  /** A masked text frame of {@code size} bytes of 'x' (the mask is zero, so the payload is as sent). */
  private static byte[] maskedText(int size) {
    byte[] frame = new byte[8 + size];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | 126);
    frame[2] = (byte) (size >>> 8);
    frame[3] = (byte) size;
    java.util.Arrays.fill(frame, 8, frame.length, (byte) 'x');
    return frame;
  }

  private static String handshake(String path) {
    return RawSocket.handshake(path);
  }

  private static String readHead(InputStream in) throws IOException {
    return RawSocket.readHead(in);
  }
}
