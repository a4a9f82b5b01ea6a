package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.frontdoor.RawSocket.BINARY;
import static io.parley.frontdoor.RawSocket.CLOSE;
import static io.parley.frontdoor.RawSocket.CONTINUATION;
import static io.parley.frontdoor.RawSocket.FIN;
import static io.parley.frontdoor.RawSocket.PING;
import static io.parley.frontdoor.RawSocket.PONG;
import static io.parley.frontdoor.RawSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.frontdoor.RawSocket;
import io.parley.persistence.testing.TestPostgres;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The node's front door against the cases of Autobahn|Testsuite (framing, pings, reserved bits and
 * opcodes, fragmentation, UTF-8, close codes, limits) and the port's own guards (handshake, heads,
 * write deadline), each over a real TCP connection to one real node. The chat socket answers every
 * text message (an error for what is not a frame), so a reply shows a message was read whole.
 */
class FrontDoorConformanceTest {
  private static final String CHAT = "/v1/chat/ws";
  private static final String PING_FRAME = "{\"type\":\"ping\"}";
  /** The socket's message limit at this node's 1 KiB text limit: two audio frames. */
  private static final int MESSAGE_LIMIT = 192_000;
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(20);
  private static ParleyNode node;

  @BeforeAll
  static void start() {
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(), Map.of(
        "parley.chat.max-text-size", "1KiB",
        // Only sockets that name a forwarded address count per address: the stalled-client test's.
        "parley.chat.client-address-header", "X-Forwarded-For",
        "parley.chat.connections-per-address", 3,
        "parley.http.write-timeout", WRITE_TIMEOUT.toMillis() + "ms",
        "parley.http.head-timeout", HEAD_TIMEOUT.toMillis() + "ms",
        "parley.http.unfinished-heads-per-address", 16,
        "parley.http.unfinished-heads", 32,
        // 16 HTTP connections a host; past 48 of the port's 64 (the default share, 0.75), each new
        // one closes the oldest idle one.
        "parley.http.connections-per-address", 16,
        // Few connections: a port that held slow heads or idle connections against them would
        // accept no one.
        "pekko.http.server.max-connections", 64)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static RawSocket chat() throws IOException {
    return RawSocket.open(node.httpPort(), CHAT);
  }

  private static void expectReply(RawSocket socket) throws IOException {
    RawSocket.Frame reply = socket.nextData();
    assertEquals(TEXT, reply.opcode(), reply.text());
    assertTrue(reply.fin());
  }

  private static void expectPong(RawSocket socket) throws IOException {
    RawSocket.Frame reply = socket.nextData();
    assertTrue(reply.text().contains("\"type\":\"pong\""), reply.text());
  }

  private static void expectClosedBecause(int code, int firstByte, byte[] payload) throws IOException {
    try (RawSocket socket = chat()) {
      socket.send(firstByte, payload);
      socket.expectClose(code);
    }
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) bytes[i] = (byte) values[i];
    return bytes;
  }

  /** Autobahn 1.x: text and binary messages of every length form, read whole. */
  @Nested
  class Framing {
    @Test
    void textMessagesOfEveryLengthEncodingAreRead() throws IOException {
      try (RawSocket socket = chat()) {
        for (int length : new int[] {0, 1, 125, 126, 127, 128, 65535, 65536, 100_000}) {
          socket.send(FIN | TEXT, "x".repeat(length));
          expectReply(socket);
        }
      }
    }

    @Test
    void binaryMessagesOfEveryLengthEncodingAreRead() throws IOException {
      try (RawSocket socket = chat()) {
        // Odd lengths: not PCM16, so each is answered with an error rather than played.
        for (int length : new int[] {1, 125, 127, 65535, 65537}) {
          socket.send(FIN | BINARY, new byte[length]);
          RawSocket.Frame reply = socket.nextData();
          assertTrue(reply.text().contains("PCM16"), reply.text());
        }
      }
    }

    @Test
    void aFrameWrittenOneByteAtATimeIsOneFrame() throws IOException {
      try (RawSocket socket = chat()) {
        for (byte b : RawSocket.frame(FIN | TEXT, PING_FRAME.getBytes(StandardCharsets.UTF_8), true)) {
          socket.write(new byte[] {b});
        }
        expectPong(socket);
      }
    }

    @Test
    void anUnmaskedClientFrameClosesWith1002() throws IOException {
      try (RawSocket socket = chat()) {
        socket.write(RawSocket.frame(FIN | TEXT, PING_FRAME.getBytes(StandardCharsets.UTF_8), false));
        socket.expectClose(1002);
      }
    }
  }

  /** Autobahn 2.x: pings are answered with their payload; a bad control frame closes. */
  @Nested
  class Pings {
    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayload() throws IOException {
      try (RawSocket socket = chat()) {
        for (byte[] payload : List.of(new byte[0], "hello".getBytes(StandardCharsets.UTF_8), new byte[125])) {
          socket.send(FIN | PING, payload);
          RawSocket.Frame pong = socket.nextData();
          assertEquals(PONG, pong.opcode());
          assertArrayEquals(payload, pong.payload());
        }
      }
    }

    @Test
    void manyPingsAreEachAnsweredInOrder() throws IOException {
      try (RawSocket socket = chat()) {
        for (int i = 0; i < 10; i++) socket.send(FIN | PING, "ping " + i);
        for (int i = 0; i < 10; i++) assertEquals("ping " + i, socket.nextData().text());
      }
    }

    @Test
    void anUnaskedPongIsIgnored() throws IOException {
      try (RawSocket socket = chat()) {
        socket.send(FIN | PONG, "unasked");
        socket.send(FIN | TEXT, PING_FRAME);
        expectPong(socket);
      }
    }

    @Test
    void aPingOver125BytesClosesWith1002() throws IOException {
      expectClosedBecause(1002, FIN | PING, new byte[126]);
    }

    @Test
    void aFragmentedPingClosesWith1002() throws IOException {
      expectClosedBecause(1002, PING, "part".getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Autobahn 3.x and 4.x: reserved bits and opcodes close with 1002. */
  @Nested
  class Reserved {
    @Test
    void aReservedBitClosesWith1002() throws IOException {
      for (int bit : new int[] {0x40, 0x20, 0x10, 0x70}) {
        expectClosedBecause(1002, FIN | bit | TEXT, PING_FRAME.getBytes(StandardCharsets.UTF_8));
      }
      expectClosedBecause(1002, FIN | 0x40 | PING, new byte[0]);
    }

    @Test
    void aReservedOpcodeClosesWith1002() throws IOException {
      for (int opcode : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
        expectClosedBecause(1002, FIN | opcode, new byte[0]);
      }
    }
  }

  /** Autobahn 5.x: fragments make one message; control frames may come between them. */
  @Nested
  class Fragmentation {
    @Test
    void fragmentsWithAPingBetweenThemAreOneMessage() throws IOException {
      try (RawSocket socket = chat()) {
        socket.send(TEXT, "{\"type\":");
        socket.send(FIN | PING, "between");
        assertEquals("between", socket.nextData().text(), "the pong comes before the message ends");
        socket.send(FIN | CONTINUATION, "\"ping\"}");
        expectPong(socket);
      }
    }

    @Test
    void aMessageSentOneByteAFrameIsOneMessage() throws IOException {
      try (RawSocket socket = chat()) {
        byte[] message = PING_FRAME.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < message.length; i++) {
          int first = (i == 0 ? TEXT : CONTINUATION) | (i == message.length - 1 ? FIN : 0);
          socket.send(first, new byte[] {message[i]});
        }
        expectPong(socket);
      }
    }

    @Test
    void aContinuationWithNoMessageClosesWith1002() throws IOException {
      expectClosedBecause(1002, FIN | CONTINUATION, "orphan".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNewMessageBeforeTheLastEndedClosesWith1002() throws IOException {
      try (RawSocket socket = chat()) {
        socket.send(TEXT, "first");
        socket.send(FIN | TEXT, "second");
        socket.expectClose(1002);
      }
    }
  }

  /** Autobahn 6.x: text is valid UTF-8, checked as it arrives (6.4.x: at the first bad byte). */
  @Nested
  class Utf8 {
    @Test
    void validTextSplitAnywhereIsOneMessage() throws IOException {
      byte[] text = "{\"type\":\"ping\",\"κόσμε\":\"😀\"}".getBytes(StandardCharsets.UTF_8);
      try (RawSocket socket = chat()) {
        for (int cut = 1; cut < text.length; cut++) {
          socket.send(TEXT, Arrays.copyOfRange(text, 0, cut));
          socket.send(FIN | CONTINUATION, Arrays.copyOfRange(text, cut, text.length));
          expectReply(socket);
        }
      }
    }

    @Test
    void invalidSequencesCloseWith1007() throws IOException {
      List<byte[]> invalid = List.of(
          bytes(0xC0, 0xAF), // an overlong '/'
          bytes(0xED, 0xA0, 0x80), // a surrogate
          bytes(0xF4, 0x90, 0x80, 0x80), // past U+10FFFF
          bytes(0xFE), bytes(0x80), // bytes that start nothing
          bytes('a', 0xE2, 0x82)); // cut short at the message's end
      for (byte[] payload : invalid) expectClosedBecause(1007, FIN | TEXT, payload);
    }

    @Test
    void anInvalidFirstFragmentClosesBeforeTheRestIsSent() throws IOException {
      try (RawSocket socket = chat()) {
        socket.send(TEXT, bytes('o', 'k', 0xED, 0xA0, 0x80));
        socket.expectClose(1007);
      }
    }

    @Test
    void invalidBytesCloseInsideTheirFrame() throws IOException {
      try (RawSocket socket = chat()) {
        byte[] frame = RawSocket.frame(FIN | TEXT, bytes(0xCE, 0xBA, 0xC0, 0xAF, 'x', 'y', 'z', 'z', 'y'), true);
        // The frame's header and its first four bytes only: the rest never comes.
        socket.write(Arrays.copyOf(frame, frame.length - 5));
        socket.expectClose(1007);
      }
    }
  }

  /** Autobahn 7.x: closes are echoed; invalid codes and payloads close with 1002 or 1007. */
  @Nested
  class Closing {
    @Test
    void aCloseIsEchoedWithItsCodeThenTheConnectionEnds() throws IOException {
      for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
        expectClosedBecause(code, FIN | CLOSE, RawSocket.closePayload(code, "bye"));
      }
    }

    @Test
    void aCloseWithoutACodeIsAnsweredWithoutOne() throws IOException {
      try (RawSocket socket = chat()) {
        socket.send(FIN | CLOSE, new byte[0]);
        RawSocket.Frame close = socket.nextData();
        assertEquals(CLOSE, close.opcode());
        assertEquals(0, close.payload().length);
        socket.expectEnd();
      }
    }

    @Test
    void aCodeNoPeerMaySendClosesWith1002() throws IOException {
      for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
        expectClosedBecause(1002, FIN | CLOSE, RawSocket.closePayload(code, ""));
      }
      expectClosedBecause(1002, FIN | CLOSE, new byte[] {0x03});
    }

    @Test
    void aReasonThatIsNotUtf8ClosesWith1007() throws IOException {
      byte[] payload = RawSocket.closePayload(1000, "");
      payload = Arrays.copyOf(payload, 4);
      payload[2] = (byte) 0xC0;
      payload[3] = (byte) 0xAF;
      expectClosedBecause(1007, FIN | CLOSE, payload);
    }

    @Test
    void whatFollowsAClientsCloseIsNotRead() throws IOException {
      try (RawSocket socket = chat()) {
        socket.write(concat(RawSocket.frame(FIN | CLOSE, RawSocket.closePayload(1000, ""), true),
            RawSocket.frame(FIN | TEXT, PING_FRAME.getBytes(StandardCharsets.UTF_8), true)));
        socket.expectClose(1000);
      }
    }
  }

  /** Autobahn 9.x, as Parley bounds it: a message past the limit closes with 1009 before it is read. */
  @Nested
  class Limits {
    @Test
    void aFrameDeclaredPastTheLimitClosesBeforeItsPayload() throws IOException {
      try (RawSocket socket = chat()) {
        byte[] frame = RawSocket.frame(FIN | TEXT, new byte[MESSAGE_LIMIT + 1], true);
        // The header and mask only.
        socket.write(Arrays.copyOf(frame, 14));
        socket.expectClose(1009);
      }
    }

    @Test
    void fragmentsAddingUpPastTheLimitCloseWith1009() throws IOException {
      try (RawSocket socket = chat()) {
        socket.send(TEXT, new byte[MESSAGE_LIMIT / 2]);
        socket.send(CONTINUATION, new byte[MESSAGE_LIMIT / 2]);
        socket.send(FIN | CONTINUATION, new byte[1]);
        socket.expectClose(1009);
      }
    }

    @Test
    void aMessageOfExactlyTheLimitIsRead() throws IOException {
      try (RawSocket socket = chat()) {
        socket.send(FIN | BINARY, new byte[MESSAGE_LIMIT]);
        expectReply(socket);
      }
    }

    @Test
    void aSixtyFourBitLengthWithItsTopBitSetClosesWith1002() throws IOException {
      try (RawSocket socket = chat()) {
        socket.write(bytes(FIN | TEXT, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0));
        socket.expectClose(1002);
      }
    }
  }

  /** The handshake and the first head, as RFC 6455 section 4 and Pekko HTTP would answer them. */
  @Nested
  class Handshake {
    @Test
    void anotherVersionIsRefusedNamingVersion13() throws IOException {
      try (RawSocket socket = RawSocket.connect(node.httpPort())) {
        socket.write(RawSocket.handshake(CHAT).replace("Version: 13", "Version: 8"));
        String head = socket.readHead();
        assertTrue(head.startsWith("HTTP/1.1 400 "), head);
        assertTrue(head.contains("Sec-WebSocket-Version: 13\r\n"), head);
      }
    }

    @Test
    void aKeyThatIsNotSixteenBytesOfPaddedBase64IsRefused() throws IOException {
      for (String key : List.of(RawSocket.KEY.substring(0, 22), "c2hvcnQ=", "not base64 at all!!!!!==")) {
        try (RawSocket socket = RawSocket.connect(node.httpPort())) {
          socket.write(RawSocket.handshake(CHAT).replace(RawSocket.KEY, key));
          String head = socket.readHead();
          assertTrue(head.startsWith("HTTP/1.1 400 "), key + ": " + head);
        }
      }
    }

    @Test
    void headsWithBareLineFeedsAreAnsweredAtOnce() throws IOException {
      for (String head : List.of("GET /health/ready HTTP/1.1\nHost: x\n\n", "GET /health/ready HTTP/1.1\r\nHost: x\r\n\n",
          RawSocket.handshake(CHAT).replace("\r\n", "\n"))) {
        try (RawSocket socket = RawSocket.connect(node.httpPort())) {
          long started = System.nanoTime();
          socket.write(head);
          String answer = socket.readHead();
          assertTrue(answer.startsWith("HTTP/1.1 200 ") || answer.startsWith("HTTP/1.1 101 "), head + " -> " + answer);
          assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(HEAD_TIMEOUT) < 0, "at once");
        }
      }
    }

    @Test
    void manyUnfinishedHeadsFromOneHostDoNotKeepTheHealthCheckOut() throws IOException {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 100; i++) {
          Socket socket = new Socket("127.0.0.1", node.httpPort());
          socket.getOutputStream().write("GET /health/re".getBytes(StandardCharsets.ISO_8859_1));
          slow.add(socket);
        }
        try (RawSocket check = RawSocket.connect(node.httpPort())) {
          long started = System.nanoTime();
          check.write("GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n");
          assertTrue(check.readHead().startsWith("HTTP/1.1 200 "));
          assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(HEAD_TIMEOUT) < 0,
              "answered before any slow head timed out");
        }
      } finally {
        for (Socket socket : slow) socket.close();
      }
    }
  }

  /**
   * Idle keep-alive connections, more than the port takes, from one host or from many: a new
   * client's health check is still answered at once, and the management port's probes too.
   */
  @Nested
  class IdleConnections {
    private static final int MORE_THAN_THE_PORT_TAKES = 80;

    @Test
    void idleConnectionsFromOneHostDoNotKeepOthersOut() throws IOException {
      holdIdleConnections(i -> "127.0.0.2");
    }

    @Test
    void idleConnectionsFromManyHostsMakeWayWhenThePortIsCrowded() throws IOException {
      // Ten from each of eight hosts: each within its host's 16.
      holdIdleConnections(i -> "127.0.0." + (20 + i % 8));
    }

    private void holdIdleConnections(java.util.function.IntFunction<String> from) throws IOException {
      List<RawSocket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < MORE_THAN_THE_PORT_TAKES; i++) {
          RawSocket client = RawSocket.connectFrom(from.apply(i), node.httpPort());
          idle.add(client);
          String answer = client.get("/health/live");
          assertTrue(answer.startsWith("HTTP/1.1 200 "), "connection " + i + ": " + answer);
        }
        assertAnsweredAtOnce(node.httpPort(), "/health/ready");
        for (String probe : List.of("/startup", "/alive", "/ready")) assertAnsweredAtOnce(node.managementPort(), probe);
        idle.getFirst().expectEnd();
        assertTrue(idle.getLast().get("/health/live").startsWith("HTTP/1.1 200 "), "the newest stay open");
      } finally {
        for (RawSocket client : idle) client.close();
      }
    }

    /**
     * {@code path} on {@code port}, asked from a host of its own, is answered 200 within five
     * seconds (a loaded machine's margin), not after the held connections' 120 s idle timeout.
     */
    private void assertAnsweredAtOnce(int port, String path) throws IOException {
      try (RawSocket probe = RawSocket.connectFrom("127.0.0.3", port)) {
        long started = System.nanoTime();
        String answer = probe.get(path);
        assertTrue(answer.startsWith("HTTP/1.1 200 "), path + ": " + answer);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0, path + " at once");
      }
    }
  }

  /** A client that stops reading is reset at the write deadline, and its socket counts until then. */
  @Nested
  class StalledClients {
    private static final String ADDRESS = "X-Forwarded-For: 198.51.100.7";

    @Test
    void stalledSocketsHoldTheirAddressesPlacesUntilTheyAreReset() throws Exception {
      List<RawSocket> stalled = new ArrayList<>();
      List<CompletableFuture<Throwable>> flooding = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          RawSocket socket = RawSocket.open(node.httpPort(), CHAT, ADDRESS);
          stalled.add(socket);
          socket.send(FIN | TEXT, "{\"type\":\"start\"}");
        }
        try (RawSocket fourth = RawSocket.connect(node.httpPort())) {
          fourth.write(RawSocket.handshake(CHAT, ADDRESS));
          assertTrue(fourth.readHead().startsWith("HTTP/1.1 429 "), "three sockets still held");
        }
        // Then they stop reading and flood the port with pings, whose pongs fill their buffers.
        for (RawSocket socket : stalled) flooding.add(CompletableFuture.supplyAsync(() -> floodWithPings(socket)));
        for (CompletableFuture<Throwable> flood : flooding) {
          assertInstanceOf(IOException.class, flood.get(WRITE_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS),
              "reset, not held open");
        }
        awaitSocketAdmitted();
      } finally {
        for (RawSocket socket : stalled) socket.close();
      }
    }

    /** Pings, never reading the pongs, until the port gives up on this client; what it wrote failing. */
    private Throwable floodWithPings(RawSocket socket) {
      byte[] ping = RawSocket.frame(FIN | PING, new byte[125], true);
      byte[] batch = new byte[ping.length * 512];
      for (int i = 0; i < 512; i++) System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
      try {
        // At most 64 MiB: far more than any socket buffer holds.
        for (int i = 0; i < 1024; i++) socket.write(batch);
        return null;
      } catch (IOException reset) {
        return reset;
      }
    }

    /** The resets free the address's places as their connections close. */
    private void awaitSocketAdmitted() throws Exception {
      await("a place freed").atMost(Duration.ofSeconds(10)).until(() -> {
        try (RawSocket again = RawSocket.connect(node.httpPort())) {
          again.write(RawSocket.handshake(CHAT, ADDRESS));
          return again.readHead();
        }
      }, head -> head.startsWith("HTTP/1.1 101 "));
    }
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
