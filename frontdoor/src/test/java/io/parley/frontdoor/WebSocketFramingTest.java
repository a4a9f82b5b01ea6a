package io.parley.frontdoor;

import static io.parley.frontdoor.WebSocketFrames.BINARY;
import static io.parley.frontdoor.WebSocketFrames.CLOSE;
import static io.parley.frontdoor.WebSocketFrames.CONTINUATION;
import static io.parley.frontdoor.WebSocketFrames.FIN;
import static io.parley.frontdoor.WebSocketFrames.PING;
import static io.parley.frontdoor.WebSocketFrames.PONG;
import static io.parley.frontdoor.WebSocketFrames.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketRequest;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgradeResponse;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebSocketFramingTest {

  /** Started before each run of the class's tests, so surefire's rerun of a failed one in this JVM has a kit. */
  private static ActorTestKit testKit;
  private static final Duration AWAIT = Duration.ofSeconds(5);
  private static final Duration LONG_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final byte[] MASK_KEY = {0x37, (byte) 0xFA, 0x21, 0x3D};

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void maskedTextFrameReachesTheApp() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | TEXT, utf8("héllo")));
    assertEquals("héllo", connection.nextAppText());
  }

  @Test
  void appReplyIsAnUnmaskedTextFrame() throws Exception {
    Connection connection = connect();
    connection.appSends(TextMessage.create("hi ✓"));
    // The exact bytes: FIN + text, no mask bit, 6 bytes of UTF-8.
    ByteString expected = ByteString.fromArray(new byte[] {(byte) 0x81, 6}).concat(utf8("hi ✓"));
    assertEquals(expected, connection.nextChunk());
  }

  @Test
  void frameFedOneBytePerChunkIsAssembled() throws Exception {
    Connection connection = connect();
    ByteString frame = clientFrame(FIN | TEXT, utf8("split across chunks"));
    for (int i = 0; i < frame.size(); i++) {
      connection.send(frame.slice(i, i + 1));
    }
    assertEquals("split across chunks", connection.nextAppText());
  }

  @Test
  void manyFramesInOneChunkAreEachDelivered() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | TEXT, utf8("one")).concat(clientFrame(FIN | TEXT, utf8("two"))));
    assertEquals("one", connection.nextAppText());
    assertEquals("two", connection.nextAppText());
  }

  @Test
  void sixteenBitLengthsBothWays() throws Exception {
    Connection connection = connect();
    String text = "x".repeat(300);
    ByteString frame = clientFrame(FIN | TEXT, utf8(text));
    assertEquals(126, frame.apply(1) & 0x7F);
    connection.send(frame);
    assertEquals(text, connection.nextAppText());

    connection.appSends(TextMessage.create(text));
    Frame reply = connection.nextFrame();
    assertEquals(126, reply.lengthCode());
    assertEquals(text, reply.payload().utf8String());
  }

  @Test
  void sixtyFourBitLengthsBothWays() throws Exception {
    Connection connection = connect(1 << 20, Duration.ZERO, LONG_CLOSE_TIMEOUT);
    ByteString data = bytes(70_000);
    ByteString frame = clientFrame(FIN | BINARY, data);
    assertEquals(127, frame.apply(1) & 0x7F);
    connection.send(frame.take(1000));
    connection.send(frame.drop(1000));
    assertEquals(data, connection.nextAppMessage().asBinaryMessage().getStrictData());

    connection.appSends(BinaryMessage.create(data));
    Frame reply = connection.nextFrame();
    assertEquals(127, reply.lengthCode());
    assertEquals(data, reply.payload());
  }

  @Test
  void binaryMessageBothWays() throws Exception {
    Connection connection = connect();
    ByteString data = ByteString.fromArray(new byte[] {0, 1, (byte) 0xFF, (byte) 0xC3});
    connection.send(clientFrame(FIN | BINARY, data));
    Message received = connection.nextAppMessage();
    assertFalse(received.isText());
    assertEquals(data, received.asBinaryMessage().getStrictData());

    connection.appSends(BinaryMessage.create(data));
    assertEquals(new Frame(true, BINARY, 4, data), connection.nextFrame());
  }

  @Test
  void fragmentedTextWithPingBetweenIsAssembledAndThePingAnswered() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(TEXT, utf8("Hel")));
    connection.send(clientFrame(FIN | PING, utf8("are you there")));
    Frame pong = connection.nextFrame();
    assertEquals(PONG, pong.opcode());
    assertEquals("are you there", pong.payload().utf8String());

    connection.send(clientFrame(CONTINUATION, utf8("l")));
    connection.send(clientFrame(FIN | CONTINUATION, utf8("o ✓")));
    assertEquals("Hello ✓", connection.nextAppText());
  }

  @Test
  void pongFromTheClientIsIgnored() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | PONG, utf8("unsolicited")).concat(clientFrame(FIN | TEXT, utf8("after"))));
    assertEquals("after", connection.nextAppText());
    connection.appSends(TextMessage.create("reply"));
    assertEquals(TEXT, connection.nextFrame().opcode());
  }

  @Test
  void clientFramesWaitUntilTheAppWantsAMessage() throws Exception {
    Connection connection = connect(1 << 16, Duration.ZERO, LONG_CLOSE_TIMEOUT, 1, 16);
    connection.send(clientFrame(FIN | TEXT, utf8("one")));
    connection.send(clientFrame(FIN | TEXT, utf8("two")));
    connection.send(clientFrame(FIN | PING, utf8("p")));
    // The app holds "one" and has room for nothing more, so the ping is not read yet.
    connection.expectNothingWrittenWithin(Duration.ofMillis(300));
    assertEquals("one", connection.nextAppText());
    assertEquals("two", connection.nextAppText());
    assertEquals(new Frame(true, PONG, 1, utf8("p")), connection.nextFrame());
  }

  @Test
  void unmaskedFrameClosesWith1002() throws Exception {
    Connection connection = connect();
    connection.send(header(FIN | TEXT, false, 2).concat(utf8("hi")));
    connection.expectClosedBecause(WebSocketFrames.PROTOCOL_ERROR);
  }

  @Test
  void reservedBitClosesWith1002() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | 0x40 | TEXT, utf8("hi")));
    connection.expectClosedBecause(WebSocketFrames.PROTOCOL_ERROR);
  }

  @Test
  void unknownOpcodeClosesWith1002() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | 0x3, utf8("hi")));
    connection.expectClosedBecause(WebSocketFrames.PROTOCOL_ERROR);
  }

  @Test
  void continuationWithoutAStartedMessageClosesWith1002() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | CONTINUATION, utf8("orphan")));
    connection.expectClosedBecause(WebSocketFrames.PROTOCOL_ERROR);
  }

  @Test
  void newMessageInsideAFragmentedOneClosesWith1002() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(TEXT, utf8("first half")));
    connection.send(clientFrame(FIN | BINARY, utf8("intruder")));
    connection.expectClosedBecause(WebSocketFrames.PROTOCOL_ERROR);
  }

  @Test
  void fragmentedControlFrameClosesWith1002() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(PING, utf8("no fin")));
    connection.expectClosedBecause(WebSocketFrames.PROTOCOL_ERROR);
  }

  @Test
  void controlFrameOver125BytesClosesWith1002() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | PING, bytes(126)));
    connection.expectClosedBecause(WebSocketFrames.PROTOCOL_ERROR);
  }

  @Test
  void declaredOversizeClosesWith1009BeforeThePayloadArrives() throws Exception {
    Connection connection = connect(1000, Duration.ZERO, LONG_CLOSE_TIMEOUT);
    connection.send(header(FIN | BINARY, true, 1001));
    connection.expectClosedBecause(WebSocketFrames.MESSAGE_TOO_BIG);
  }

  @Test
  void hugeDeclaredLengthClosesWith1009() throws Exception {
    Connection connection = connect(1000, Duration.ZERO, LONG_CLOSE_TIMEOUT);
    connection.send(header(FIN | BINARY, true, Long.MAX_VALUE));
    connection.expectClosedBecause(WebSocketFrames.MESSAGE_TOO_BIG);
  }

  @Test
  void fragmentsTogetherOverTheLimitCloseWith1009() throws Exception {
    Connection connection = connect(1000, Duration.ZERO, LONG_CLOSE_TIMEOUT);
    connection.send(clientFrame(BINARY, bytes(600)));
    connection.send(header(FIN | CONTINUATION, true, 600));
    connection.expectClosedBecause(WebSocketFrames.MESSAGE_TOO_BIG);
  }

  @Test
  void messageOfExactlyTheLimitIsDelivered() throws Exception {
    Connection connection = connect(1000, Duration.ZERO, LONG_CLOSE_TIMEOUT);
    connection.send(clientFrame(BINARY, bytes(600)).concat(clientFrame(FIN | CONTINUATION, bytes(400))));
    assertEquals(1000, connection.nextAppMessage().asBinaryMessage().getStrictData().size());
  }

  @Test
  void invalidUtf8ClosesWith1007() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | TEXT, ByteString.fromArray(new byte[] {'o', 'k', (byte) 0xC3, 0x28})));
    connection.expectClosedBecause(WebSocketFrames.INVALID_PAYLOAD);
  }

  @Test
  void invalidUtf8InAFirstFragmentClosesBeforeTheRestArrives() throws Exception {
    Connection connection = connect();
    // A lone continuation byte: no later fragment could make it valid, so the close comes now.
    connection.send(clientFrame(TEXT, ByteString.fromArray(new byte[] {'o', 'k', (byte) 0x80})));
    connection.expectClosedBecause(WebSocketFrames.INVALID_PAYLOAD);
  }

  @Test
  void invalidUtf8IsNoticedInsideAFrameNotAtItsEnd() throws Exception {
    Connection connection = connect();
    // A surrogate (ED A0 80) in the first bytes of a frame whose rest never comes.
    ByteString frame = clientFrame(FIN | TEXT, ByteString.fromArray(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, 'a', 'b'}));
    connection.send(frame.take(frame.size() - 2));
    connection.expectClosedBecause(WebSocketFrames.INVALID_PAYLOAD);
  }

  @Test
  void aCharacterSplitAcrossFragmentsIsValid() throws Exception {
    Connection connection = connect();
    ByteString euro = utf8("€");
    connection.send(clientFrame(TEXT, euro.take(1)));
    connection.send(clientFrame(CONTINUATION, euro.slice(1, 2)));
    connection.send(clientFrame(FIN | CONTINUATION, euro.drop(2)));
    assertEquals("€", connection.nextAppText());
  }

  @Test
  void aMessageEndingInsideACharacterClosesWith1007() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | TEXT, utf8("€").take(2)));
    connection.expectClosedBecause(WebSocketFrames.INVALID_PAYLOAD);
  }

  @Test
  void clientCloseIsEchoedAndTheAppsInputCompletes() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | CLOSE, closePayload(1001, "going away")));
    Frame echo = connection.nextFrame();
    assertEquals(new Frame(true, CLOSE, 2, closePayload(1001, "")), echo);
    connection.expectOutputEnd();
    connection.expectAppInputEnd();
  }

  @Test
  void clientCloseWithoutACodeIsAnsweredWithoutOne() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | CLOSE, ByteString.emptyByteString()));
    assertEquals(new Frame(true, CLOSE, 0, ByteString.emptyByteString()), connection.nextFrame());
    connection.expectOutputEnd();
  }

  @Test
  void clientCloseWithAReservedCodeClosesWith1002() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | CLOSE, closePayload(1005, "")));
    connection.expectClosedBecause(WebSocketFrames.PROTOCOL_ERROR);
  }

  @Test
  void appCompletingSendsClose1000AndWaitsForTheClientsClose() throws Exception {
    Connection connection = connect();
    connection.appCompletes();
    assertEquals(WebSocketFrames.NORMAL_CLOSURE, connection.nextFrame().closeCode());
    connection.expectNothingWrittenWithin(Duration.ofMillis(300));

    connection.send(clientFrame(FIN | TEXT, utf8("too late")));
    connection.send(clientFrame(FIN | CLOSE, closePayload(1000, "")));
    connection.expectOutputEnd();
    connection.expectAppInputEnd();
  }

  @Test
  void appCompletingEndsTheOutputAfterCloseTimeoutWhenTheClientIsSilent() throws Exception {
    Duration closeTimeout = Duration.ofMillis(300);
    Connection connection = connect(1 << 16, Duration.ZERO, closeTimeout);
    long startNanos = System.nanoTime();
    connection.appCompletes();
    assertEquals(WebSocketFrames.NORMAL_CLOSURE, connection.nextFrame().closeCode());
    connection.expectOutputEnd();
    assertTrue(System.nanoTime() - startNanos >= closeTimeout.toNanos(), "ended before closeTimeout");
  }

  @Test
  void aClientThatStopsReadingIsNotWaitedForPastTheCloseTimeout() throws Exception {
    Duration closeTimeout = Duration.ofMillis(300);
    Connection connection = connect(1 << 16, Duration.ZERO, closeTimeout, 16, 1);
    // The pong fills what the client takes unread; the echo of its close can never be written.
    connection.send(clientFrame(FIN | PING, utf8("1")).concat(clientFrame(FIN | CLOSE, closePayload(1000, ""))));
    Thread.sleep(closeTimeout.multipliedBy(3).toMillis());
    assertEquals(PONG, connection.nextFrame().opcode());
    connection.expectOutputEnd();
  }

  @Test
  void aMessageOfManyOneByteFragmentsIsAssembledInOrder() throws Exception {
    Connection connection = connect();
    String text = "fragments ".repeat(100);
    ByteString bytes = utf8(text);
    connection.send(clientFrame(TEXT, bytes.take(1)));
    for (int i = 1; i < bytes.size() - 1; i++) {
      connection.send(clientFrame(CONTINUATION, bytes.slice(i, i + 1)));
    }
    connection.send(clientFrame(FIN | CONTINUATION, bytes.drop(bytes.size() - 1)));
    assertEquals(text, connection.nextAppText());
  }

  @Test
  void appFailingClosesWith1011() throws Exception {
    Connection connection = connect();
    connection.appOut.fail(new IllegalStateException("app broke"));
    assertEquals(WebSocketFrames.INTERNAL_ERROR, connection.nextFrame().closeCode());
    connection.send(clientFrame(FIN | CLOSE, closePayload(1011, "")));
    connection.expectOutputEnd();
  }

  @Test
  void streamedAppMessageFailsTheStage() throws Exception {
    Connection connection = connect();
    connection.appSends(TextMessage.create(Source.single("streamed")));
    ExecutionException failure = assertThrows(ExecutionException.class, connection::nextChunk);
    assertInstanceOf(IllegalArgumentException.class, failure.getCause());
  }

  @Test
  void clientBytesEndingCompleteTheAppsInputAndTheOutputAfterAGoingAwayClose() throws Exception {
    Connection connection = connect();
    connection.send(clientFrame(FIN | TEXT, utf8("last words")));
    connection.clientOut.complete();
    assertEquals("last words", connection.nextAppText());
    connection.expectAppInputEnd();
    assertEquals(WebSocketFrames.GOING_AWAY, connection.nextFrame().closeCode());
    connection.expectOutputEnd();
  }

  @Test
  void clientFailingFailsTheAppsInput() throws Exception {
    Connection connection = connect();
    connection.clientOut.fail(new IllegalStateException("connection reset"));
    ExecutionException failure = assertThrows(ExecutionException.class, connection::nextAppMessage);
    assertEquals("connection reset", failure.getCause().getMessage());
  }

  @Test
  void keepAlivePingAfterIdle() throws Exception {
    Duration keepAliveIdle = Duration.ofMillis(200);
    long startNanos = System.nanoTime();
    Connection connection = connect(1 << 16, keepAliveIdle, LONG_CLOSE_TIMEOUT);
    assertEquals(new Frame(true, PING, 0, ByteString.emptyByteString()), connection.nextFrame());
    assertTrue(System.nanoTime() - startNanos >= keepAliveIdle.toNanos(), "pinged before keepAliveIdle");
    // Re-armed: the next idle period brings the next ping.
    assertEquals(PING, connection.nextFrame().opcode());
  }

  @Test
  void pekkoHttpClientRoundTripsThroughTheStage() throws Exception {
    var system = testKit.system();
    Materializer materializer = Materializer.matFromSystem(system);
    AtomicReference<ByteString> lastWritten = new AtomicReference<>();
    CompletableFuture<Done> serverDone = new CompletableFuture<>();
    Flow<ByteString, ByteString, NotUsed> handshakeThenEcho = Flow.of(ByteString.class)
        .flatMapPrefix(1, head -> WebSocketFraming.server(switchingProtocols(head.get(0)), 1 << 16, Duration.ZERO, AWAIT)
            .join(Flow.of(Message.class))
            .wireTap(lastWritten::set)
            .watchTermination((notUsed, done) -> {
              done.whenComplete((ok, failure) -> serverDone.complete(Done.getInstance()));
              return notUsed;
            }));
    Tcp.ServerBinding binding = await(Tcp.get(system).bind("127.0.0.1", 0)
        .to(Sink.foreach(connection -> connection.handleWith(handshakeThenEcho, system)))
        .run(system));
    try {
      CompletableFuture<Done> bothEchoed = new CompletableFuture<>();
      AtomicInteger echoes = new AtomicInteger();
      ByteString data = bytes(1000);
      Sink<Message, CompletionStage<List<Message>>> received = Flow.of(Message.class)
          .mapAsync(1, message -> strict(message, materializer))
          .wireTap(message -> {
            if (echoes.incrementAndGet() == 2) {
              bothEchoed.complete(Done.getInstance());
            }
          })
          .toMat(Sink.seq(), Keep.right());
      // The client closes once both echoes are back, so the close races nothing.
      Source<Message, NotUsed> sent = Source.<Message>from(List.of(TextMessage.create("echo ✓"), BinaryMessage.create(data)))
          .concat(Source.completionStage(bothEchoed).flatMapConcat(done -> Source.<Message>empty()));
      Pair<CompletionStage<WebSocketUpgradeResponse>, CompletionStage<List<Message>>> client =
          Http.get(system).singleWebSocketRequest(
              WebSocketRequest.create("ws://127.0.0.1:" + binding.localAddress().getPort() + "/"),
              Flow.fromSinkAndSourceMat(received, sent, Keep.left()),
              materializer);

      assertEquals(101, await(client.first()).response().status().intValue());
      // Completing normally (not failing) means the client saw our close answer its own.
      List<Message> messages = await(client.second());
      assertEquals(2, messages.size());
      assertEquals("echo ✓", messages.get(0).asTextMessage().getStrictText());
      assertEquals(data, messages.get(1).asBinaryMessage().getStrictData());
      // The client's close was answered before the connection closed (its client finishes either way).
      await(serverDone);
      ByteString close1000 = ByteString.fromArray(new byte[] {(byte) (FIN | CLOSE), 2, 0x03, (byte) 0xE8});
      assertEquals(close1000, lastWritten.get().takeRight(4));
    } finally {
      await(binding.unbind());
    }
  }

  private static ByteString switchingProtocols(ByteString requestHead) throws Exception {
    String key = requestHead.utf8String().lines()
        .filter(line -> line.toLowerCase().startsWith("sec-websocket-key:"))
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst()
        .orElseThrow();
    byte[] sha1 = MessageDigest.getInstance("SHA-1")
        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
    return ByteString.fromString("HTTP/1.1 101 Switching Protocols\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n");
  }

  private static CompletionStage<Message> strict(Message message, Materializer materializer) {
    return message.isText()
        ? message.asTextMessage().getStreamedText()
            .runFold("", String::concat, materializer)
            .thenApply(TextMessage::create)
        : message.asBinaryMessage().getStreamedData()
            .runFold(ByteString.emptyByteString(), ByteString::concat, materializer)
            .thenApply(BinaryMessage::create);
  }

  /** A frame header as a client writes it, with the mask key when masked. */
  private static ByteString header(int firstByte, boolean masked, long length) {
    int maskBit = masked ? 0x80 : 0;
    byte[] lengthField;
    if (length < 126) {
      lengthField = new byte[] {(byte) (maskBit | length)};
    } else if (length <= 0xFFFF) {
      lengthField = new byte[] {(byte) (maskBit | 126), (byte) (length >>> 8), (byte) length};
    } else {
      lengthField = new byte[9];
      lengthField[0] = (byte) (maskBit | 127);
      for (int i = 0; i < 8; i++) {
        lengthField[8 - i] = (byte) (length >>> (8 * i));
      }
    }
    ByteString header = ByteString.fromArray(new byte[] {(byte) firstByte}).concat(ByteString.fromArray(lengthField));
    return masked ? header.concat(ByteString.fromArray(MASK_KEY)) : header;
  }

  private static ByteString clientFrame(int firstByte, ByteString payload) {
    byte[] masked = payload.toArray();
    for (int i = 0; i < masked.length; i++) {
      masked[i] ^= MASK_KEY[i % 4];
    }
    return header(firstByte, true, payload.size()).concat(ByteString.fromArray(masked));
  }

  private static ByteString closePayload(int code, String reason) {
    return ByteString.fromArray(new byte[] {(byte) (code >>> 8), (byte) code}).concat(utf8(reason));
  }

  private static ByteString utf8(String text) {
    return ByteString.fromString(text, StandardCharsets.UTF_8);
  }

  private static ByteString bytes(int count) {
    byte[] bytes = new byte[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = (byte) (i * 31);
    }
    return ByteString.fromArray(bytes);
  }

  private static <T> T await(CompletionStage<T> stage) throws ExecutionException {
    try {
      return stage.toCompletableFuture().get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("not done within " + AWAIT, e);
    }
  }

  /** A frame as the server wrote it; {@code lengthCode} is the 7-bit length field. */
  private record Frame(boolean fin, int opcode, int lengthCode, ByteString payload) {
    int closeCode() {
      assertEquals(CLOSE, opcode, "a close frame");
      return ((payload.apply(0) & 0xFF) << 8) | (payload.apply(1) & 0xFF);
    }
  }

  private static Connection connect() {
    return connect(1 << 16, Duration.ZERO, LONG_CLOSE_TIMEOUT);
  }

  private static Connection connect(int maxMessageBytes, Duration keepAliveIdle, Duration closeTimeout) {
    return connect(maxMessageBytes, keepAliveIdle, closeTimeout, 16, 16);
  }

  /**
   * {@code appInputBuffer}: how many messages the app takes before the test reads them;
   * {@code clientInputBuffer}: how many chunks the client takes before the test reads them.
   */
  private static Connection connect(int maxMessageBytes, Duration keepAliveIdle, Duration closeTimeout,
      int appInputBuffer, int clientInputBuffer) {
    Sink<Message, SinkQueueWithCancel<Message>> appInput =
        Sink.<Message>queue().withAttributes(Attributes.inputBuffer(appInputBuffer, appInputBuffer));
    Flow<Message, Message, Pair<SinkQueueWithCancel<Message>, BoundedSourceQueue<Message>>> app =
        Flow.fromSinkAndSourceMat(appInput, Source.queue(16), Keep.both());
    var materialized = Source.<ByteString>queue(1024)
        .viaMat(WebSocketFraming.server(ByteString.emptyByteString(), maxMessageBytes, keepAliveIdle, closeTimeout).join(app, Keep.right()), Keep.both())
        .toMat(Sink.<ByteString>queue().withAttributes(Attributes.inputBuffer(clientInputBuffer, clientInputBuffer)),
            Keep.both())
        .run(testKit.system());
    return new Connection(
        materialized.first().first(),
        materialized.second(),
        materialized.first().second().first(),
        materialized.first().second().second());
  }

  /** The stage with its client's bytes and its app's messages each in the test's hands. */
  private static final class Connection {
    final BoundedSourceQueue<ByteString> clientOut;
    final SinkQueueWithCancel<ByteString> clientIn;
    final SinkQueueWithCancel<Message> appIn;
    final BoundedSourceQueue<Message> appOut;
    private CompletableFuture<Optional<ByteString>> pendingChunk;
    private ByteString unread = ByteString.emptyByteString();

    Connection(
        BoundedSourceQueue<ByteString> clientOut,
        SinkQueueWithCancel<ByteString> clientIn,
        SinkQueueWithCancel<Message> appIn,
        BoundedSourceQueue<Message> appOut) {
      this.clientOut = clientOut;
      this.clientIn = clientIn;
      this.appIn = appIn;
      this.appOut = appOut;
    }

    void send(ByteString bytes) {
      assertEquals(QueueOfferResult.enqueued(), clientOut.offer(bytes));
    }

    void appSends(Message message) {
      assertEquals(QueueOfferResult.enqueued(), appOut.offer(message));
    }

    void appCompletes() {
      appOut.complete();
    }

    Message nextAppMessage() throws ExecutionException {
      return await(appIn.pull()).orElseThrow(() -> new AssertionError("the app's input ended"));
    }

    String nextAppText() throws ExecutionException {
      return nextAppMessage().asTextMessage().getStrictText();
    }

    void expectAppInputEnd() {
      assertEquals(Optional.empty(), uncheckedAwait(appIn.pull()));
    }

    /** The next chunk written to the client, waiting at most {@code timeout}; empty at the end. */
    Optional<ByteString> pullChunk(Duration timeout) throws ExecutionException, TimeoutException {
      if (pendingChunk == null) {
        pendingChunk = clientIn.pull().toCompletableFuture();
      }
      try {
        Optional<ByteString> chunk = pendingChunk.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        pendingChunk = null;
        return chunk;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    ByteString nextChunk() throws ExecutionException {
      assertTrue(unread.isEmpty(), "no partly read frame");
      try {
        return pullChunk(AWAIT).orElseThrow(() -> new AssertionError("the output ended"));
      } catch (TimeoutException e) {
        throw new AssertionError("nothing written within " + AWAIT, e);
      }
    }

    Frame nextFrame() {
      while (true) {
        Optional<Frame> frame = parseFrame();
        if (frame.isPresent()) {
          return frame.get();
        }
        try {
          unread = unread.concat(pullChunk(AWAIT).orElseThrow(() -> new AssertionError("output ended mid-frame")));
        } catch (ExecutionException | TimeoutException e) {
          throw new AssertionError("no frame written", e);
        }
      }
    }

    private Optional<Frame> parseFrame() {
      if (unread.size() < 2) {
        return Optional.empty();
      }
      int first = unread.apply(0) & 0xFF;
      int second = unread.apply(1) & 0xFF;
      assertEquals(0, second & 0x80, "server frames are not masked");
      int lengthCode = second & 0x7F;
      int lengthBytes = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
      if (unread.size() < 2 + lengthBytes) {
        return Optional.empty();
      }
      long length = lengthCode;
      if (lengthBytes > 0) {
        length = 0;
        for (int i = 0; i < lengthBytes; i++) {
          length = (length << 8) | (unread.apply(2 + i) & 0xFF);
        }
      }
      int frameBytes = 2 + lengthBytes + (int) length;
      if (unread.size() < frameBytes) {
        return Optional.empty();
      }
      Frame frame = new Frame((first & FIN) != 0, first & 0x0F, lengthCode, unread.slice(2 + lengthBytes, frameBytes));
      unread = unread.drop(frameBytes);
      return Optional.of(frame);
    }

    void expectOutputEnd() {
      assertTrue(unread.isEmpty(), "no partly read frame");
      try {
        assertEquals(Optional.empty(), pullChunk(AWAIT), "the output ends");
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError("the output did not end cleanly", e);
      }
    }

    void expectNothingWrittenWithin(Duration wait) {
      try {
        Optional<ByteString> chunk = pullChunk(wait);
        fail("expected nothing written, got " + chunk);
      } catch (TimeoutException expected) {
        // Nothing written and not ended: still waiting, as it should.
      } catch (ExecutionException e) {
        throw new AssertionError(e);
      }
    }

    /** A protocol error: our close with the code, the app's input ended, then the output. */
    void expectClosedBecause(int code) {
      Frame close = nextFrame();
      assertEquals(code, close.closeCode());
      assertArrayEquals(new byte[] {(byte) (code >>> 8), (byte) code}, close.payload().toArray());
      expectAppInputEnd();
      expectOutputEnd();
    }

    private static <T> T uncheckedAwait(CompletionStage<T> stage) {
      try {
        return await(stage);
      } catch (ExecutionException e) {
        throw new AssertionError(e);
      }
    }
  }
}
