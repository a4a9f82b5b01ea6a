package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.frontdoor.RawSocket;
import io.parley.persistence.testing.TestPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bursts of WebSocket handshakes from one loopback address, past the front door's bounds on
 * unfinished heads and HTTP connections (64 an address, the defaults) and the node's bound on
 * sockets (100 an address): every handshake gets an HTTP answer, the switch to a socket or a
 * refusal saying when to retry, never a connection closed unanswered.
 */
class HandshakeBurstTest {
  private static final String CHAT = "/v1/chat/ws";
  private static final int BURST = 160;
  private static final int SOCKETS_PER_ADDRESS = 100;
  private static final Pattern RETRY_AFTER = Pattern.compile("(?i)\r\nRetry-After: *\\d+\r\n");
  private static ParleyNode node;

  @BeforeAll
  static void start() {
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(),
        // Sockets that switched send no start: the start timeout, which would close them and free
        // their places for later handshakes, waits longer than the test on a slow machine.
        Map.of("parley.chat.connections-per-address", SOCKETS_PER_ADDRESS, "parley.chat.start-timeout", "5m")));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void everyHandshakeOfABurstIsAnsweredPastEveryBound() throws Exception {
    List<RawSocket> held = new ArrayList<>();
    try {
      // Connections opened before any of them sends its head: past 64, each makes the oldest make
      // way, for certain, as a burst whose heads come late does by chance.
      for (int i = 0; i < BURST; i++) held.add(RawSocket.connect(node.httpPort()));
      for (RawSocket socket : held) sendQuietly(socket);
      int switched = 0;
      for (RawSocket socket : held) switched += answered(socket.readHead());
      assertTrue(switched >= 1 && switched <= SOCKETS_PER_ADDRESS, switched + " sockets");

      // Then a burst of clients each sending its head at once, while those sockets stay open: the
      // sockets' bound per address is reached too.
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> heads = new ArrayList<>();
      try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < BURST; i++) {
          heads.add(clients.submit(() -> {
            go.await();
            RawSocket socket = RawSocket.connect(node.httpPort());
            synchronized (held) {
              held.add(socket);
            }
            sendQuietly(socket);
            return socket.readHead();
          }));
        }
        go.countDown();
        int refusedBySocketBound = 0;
        for (Future<String> head : heads) {
          String answer = head.get();
          switched += answered(answer);
          if (answer.startsWith("HTTP/1.1 429 ")) refusedBySocketBound++;
        }
        assertTrue(switched <= SOCKETS_PER_ADDRESS, switched + " sockets");
        assertTrue(refusedBySocketBound > 0, "the sockets' own bound answered too");
      }
    } finally {
      for (RawSocket socket : held) socket.close();
    }
  }

  /** 1 for a socket; 0 for a refusal with {@code Retry-After}; anything else (nothing at all) fails. */
  private static int answered(String head) {
    if (head.startsWith("HTTP/1.1 101 ")) return 1;
    assertTrue(head.startsWith("HTTP/1.1 429 ") || head.startsWith("HTTP/1.1 503 "), "answered: '" + head + "'");
    assertTrue(RETRY_AFTER.matcher(head).find(), head);
    return 0;
  }

  /**
   * Sends the handshake; a connection that was answered early and has closed since may refuse the
   * bytes, and its answer is still there to read.
   */
  private static void sendQuietly(RawSocket socket) {
    try {
      socket.write(RawSocket.handshake(CHAT));
    } catch (IOException answeredAndClosed) {
      // Read below.
    }
  }
}
