package io.parley.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection stage when asked to make way while its first answer is being chosen: the ask was
 * made when the connection looked idle, and its head arrived in between.
 */
class ConnectionSwitchTest {
  private static final HeadScan.Limits HEADS = new HeadScan.Limits(16 * 1024, 8 * 1024, 256, 8 * 1024, 64);
  private static final ByteString HEAD = ByteString.fromString(
      "GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", StandardCharsets.US_ASCII);
  private static final ByteString BUSY = ByteString.fromString("busy");
  private final ActorTestKit testKit = ActorTestKit.create();
  private final CompletableFuture<ConnectionSwitch.Choice> choice = new CompletableFuture<>();
  private final CompletableFuture<Void> asked = new CompletableFuture<>();

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aSocketChosenAfterTheAskStaysOpen() throws Exception {
    Connection connection = askedToMakeWayWhileChoosing(false);

    connection.client.offer(ByteString.fromString("ping"));
    assertEquals("ping", connection.read());
    assertFalse(connection.control.ended().toCompletableFuture().isDone(), "the socket is still open");
  }

  @Test
  void anHttpConnectionChosenAfterTheAskIsServedThenEnds() throws Exception {
    Connection connection = askedToMakeWayWhileChoosing(true);

    assertEquals(HEAD.utf8String(), connection.read());
    assertEquals("<closed>", connection.read(), "the connection's output ends once its answer is written");
  }

  @Test
  void anOpenSocketIsNotAskedToMakeWay() throws Exception {
    Connection connection = open();
    connection.client.offer(HEAD);
    choice.complete(new ConnectionSwitch.Choice(Flow.of(ByteString.class), false));
    connection.client.offer(ByteString.fromString("one"));
    assertEquals("one", connection.read());

    connection.control.makeWay(BUSY);
    connection.client.offer(ByteString.fromString("two"));
    assertEquals("two", connection.read());
    assertFalse(connection.control.ended().toCompletableFuture().isDone(), "the socket is still open");
  }

  /** Asked to make way once its head was read, then chosen an HTTP connection ({@code replayHead}) or a socket. */
  private Connection askedToMakeWayWhileChoosing(boolean replayHead) throws Exception {
    Connection connection = open();
    connection.client.offer(HEAD);
    asked.get(10, TimeUnit.SECONDS);
    connection.control.makeWay(BUSY);
    choice.complete(new ConnectionSwitch.Choice(Flow.of(ByteString.class), replayHead));
    return connection;
  }

  private Connection open() {
    ConnectionSwitch stage = new ConnectionSwitch((head, whole) -> {
      assertTrue(whole);
      asked.complete(null);
      return choice;
    }, HEADS, Duration.ofSeconds(30), new CompletableFuture<>(), Duration.ofSeconds(30));
    Pair<Pair<SourceQueueWithComplete<ByteString>, ConnectionSwitch.Control>, SinkQueueWithCancel<ByteString>> run =
        Source.<ByteString>queue(16, OverflowStrategy.fail())
            .viaMat(Flow.fromGraph(stage), Keep.both())
            .toMat(Sink.queue(), Keep.both())
            .run(Materializer.matFromSystem(testKit.system()));
    return new Connection(run.first().first(), run.first().second(), run.second());
  }

  private record Connection(SourceQueueWithComplete<ByteString> client, ConnectionSwitch.Control control,
      SinkQueueWithCancel<ByteString> written) {
    String read() throws Exception {
      Optional<ByteString> bytes = written.pull().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return bytes.map(ByteString::utf8String).orElse("<closed>");
    }
  }
}
