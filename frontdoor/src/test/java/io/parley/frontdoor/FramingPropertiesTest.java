package io.parley.frontdoor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Properties of {@link WebSocketFraming} over whatever a client may send: any messages, cut into
 * any fragments, with pings between them, masked with any keys and arriving in any chunks, reach
 * the app whole and in order, each ping answered; and any text is delivered exactly when it is
 * valid UTF-8 as the JDK's strict decoder judges it, else the socket closes with 1007.
 */
class FramingPropertiesTest {
  /** Started before each run of the class's properties, so surefire's rerun of a failed one in this JVM has a kit. */
  private static ActorTestKit testKit;
  private static final int LIMIT = 1 << 16;

  /** A message a client sends: text or binary. */
  record Sent(boolean text, byte[] payload) {}

  /** What the app received and what the client was written, once the client's close was answered. */
  record Outcome(List<Message> received, List<Frame> written) {}

  record Frame(int opcode, ByteString payload) {
    int closeCode() {
      return ((payload.apply(0) & 0xFF) << 8) | (payload.apply(1) & 0xFF);
    }
  }

  @BeforeContainer
  static void start() {
    testKit = ActorTestKit.create();
  }

  @AfterContainer
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Property(tries = 100)
  void messagesInAnyFragmentsAndChunksArriveWholeWithEveryPingAnswered(@ForAll("conversations") List<Sent> messages,
      @ForAll Random random) throws Exception {
    ByteString client = ByteString.emptyByteString();
    List<ByteString> pings = new ArrayList<>();
    for (Sent message : messages) {
      List<byte[]> fragments = cut(message.payload(), random);
      for (int i = 0; i < fragments.size(); i++) {
        int opcode = i == 0 ? (message.text() ? WebSocketFrames.TEXT : WebSocketFrames.BINARY) : WebSocketFrames.CONTINUATION;
        client = client.concat(clientFrame((i == fragments.size() - 1 ? WebSocketFrames.FIN : 0) | opcode, fragments.get(i), random));
        if (random.nextInt(4) == 0) {
          byte[] ping = new byte[random.nextInt(126)];
          random.nextBytes(ping);
          pings.add(ByteString.fromArray(ping));
          client = client.concat(clientFrame(WebSocketFrames.FIN | WebSocketFrames.PING, ping, random));
        }
      }
    }
    client = client.concat(clientFrame(WebSocketFrames.FIN | WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8}, random));

    Outcome outcome = run(chunks(client, random));

    assertEquals(messages.size(), outcome.received().size());
    for (int i = 0; i < messages.size(); i++) {
      Message received = outcome.received().get(i);
      byte[] bytes = received.isText()
          ? received.asTextMessage().getStrictText().getBytes(StandardCharsets.UTF_8)
          : received.asBinaryMessage().getStrictData().toArray();
      assertEquals(messages.get(i).text(), received.isText());
      assertArrayEquals(messages.get(i).payload(), bytes);
    }
    List<Frame> written = outcome.written();
    assertEquals(pings.size() + 1, written.size());
    for (int i = 0; i < pings.size(); i++) {
      assertEquals(new Frame(WebSocketFrames.PONG, pings.get(i)), written.get(i));
    }
    assertEquals(1000, written.get(pings.size()).closeCode());
  }

  @Property(tries = 200)
  void textIsDeliveredExactlyWhenItIsValidUtf8(@ForAll("maybeUtf8") byte[] payload, @ForAll Random random)
      throws Exception {
    List<byte[]> fragments = cut(payload, random);
    ByteString client = ByteString.emptyByteString();
    for (int i = 0; i < fragments.size(); i++) {
      int opcode = i == 0 ? WebSocketFrames.TEXT : WebSocketFrames.CONTINUATION;
      client = client.concat(clientFrame((i == fragments.size() - 1 ? WebSocketFrames.FIN : 0) | opcode, fragments.get(i), random));
    }
    client = client.concat(clientFrame(WebSocketFrames.FIN | WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8}, random));

    Outcome outcome = run(chunks(client, random));

    Optional<String> valid = strictUtf8(payload);
    if (valid.isPresent()) {
      assertEquals(1, outcome.received().size());
      assertEquals(valid.get(), outcome.received().get(0).asTextMessage().getStrictText());
      assertEquals(1000, outcome.written().get(0).closeCode());
    } else {
      assertEquals(List.of(), outcome.received());
      assertEquals(WebSocketFrames.INVALID_PAYLOAD, outcome.written().get(0).closeCode());
    }
  }

  @Provide
  Arbitrary<List<Sent>> conversations() {
    Arbitrary<Sent> text = Arbitraries.strings().ofMaxLength(300)
        .map(s -> new Sent(true, s.getBytes(StandardCharsets.UTF_8)));
    Arbitrary<Sent> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> new Sent(false, b));
    return Arbitraries.oneOf(text, binary).list().ofMaxSize(8);
  }

  /** Valid UTF-8 of any characters, some with a byte changed, and bytes at random. */
  @Provide
  Arbitrary<byte[]> maybeUtf8() {
    Arbitrary<byte[]> valid = Arbitraries.strings().ofMaxLength(40).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> changed = Combinators.combine(valid.filter(b -> b.length > 0), Arbitraries.integers().between(0, 1000),
        Arbitraries.bytes()).as((bytes, at, b) -> {
          byte[] copy = bytes.clone();
          copy[at % copy.length] = b;
          return copy;
        });
    Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
    return Arbitraries.oneOf(valid, changed, any);
  }

  private static Optional<String> strictUtf8(byte[] bytes) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException invalid) {
      return Optional.empty();
    }
  }

  /** {@code payload} in one to four fragments, cut anywhere (a fragment may be empty). */
  private static List<byte[]> cut(byte[] payload, Random random) {
    int pieces = 1 + random.nextInt(4);
    List<byte[]> fragments = new ArrayList<>();
    int from = 0;
    for (int i = 1; i < pieces; i++) {
      int to = from + random.nextInt(payload.length - from + 1);
      fragments.add(java.util.Arrays.copyOfRange(payload, from, to));
      from = to;
    }
    fragments.add(java.util.Arrays.copyOfRange(payload, from, payload.length));
    return fragments;
  }

  /** The bytes as TCP might deliver them: in chunks of any size from one byte up. */
  private static List<ByteString> chunks(ByteString bytes, Random random) {
    List<ByteString> chunks = new ArrayList<>();
    int from = 0;
    while (from < bytes.size()) {
      int to = Math.min(bytes.size(), from + 1 + random.nextInt(random.nextBoolean() ? 8 : 2048));
      chunks.add(bytes.slice(from, to));
      from = to;
    }
    return chunks;
  }

  private static ByteString clientFrame(int firstByte, byte[] payload, Random random) {
    byte[] key = new byte[4];
    random.nextBytes(key);
    byte[] masked = payload.clone();
    for (int i = 0; i < masked.length; i++) masked[i] ^= key[i % 4];
    int length = payload.length;
    ByteString header = length < 126
        ? ByteString.fromArray(new byte[] {(byte) firstByte, (byte) (0x80 | length)})
        : ByteString.fromArray(new byte[] {(byte) firstByte, (byte) (0x80 | 126), (byte) (length >>> 8), (byte) length});
    return header.concat(ByteString.fromArray(key)).concat(ByteString.fromArray(masked));
  }

  private static Outcome run(List<ByteString> chunks) throws Exception {
    Flow<Message, Message, java.util.concurrent.CompletionStage<List<Message>>> app =
        Flow.fromSinkAndSourceMat(Sink.<Message>seq(), Source.<Message>maybe(), Keep.left());
    Pair<java.util.concurrent.CompletionStage<List<Message>>, java.util.concurrent.CompletionStage<ByteString>> ran =
        Source.from(chunks)
            .viaMat(WebSocketFraming.server(ByteString.emptyByteString(), LIMIT, Duration.ZERO, Duration.ofSeconds(5))
                .join(app, Keep.right()), Keep.right())
            .toMat(Sink.<ByteString, ByteString>fold(ByteString.emptyByteString(), (all, more) -> all.concat(more)), Keep.both())
            .run(Materializer.matFromSystem(testKit.system()));
    ByteString written = ran.second().toCompletableFuture().get(5, TimeUnit.SECONDS);
    return new Outcome(ran.first().toCompletableFuture().get(5, TimeUnit.SECONDS), frames(written));
  }

  /** The server's frames: unmasked, short enough here for a 7- or 16-bit length. */
  private static List<Frame> frames(ByteString bytes) {
    List<Frame> frames = new ArrayList<>();
    int at = 0;
    while (at < bytes.size()) {
      assertTrue((bytes.apply(at) & WebSocketFrames.FIN) != 0, "whole frames only");
      int opcode = bytes.apply(at) & 0x0F;
      int length = bytes.apply(at + 1) & 0x7F;
      int header = 2;
      if (length == 126) {
        length = ((bytes.apply(at + 2) & 0xFF) << 8) | (bytes.apply(at + 3) & 0xFF);
        header = 4;
      }
      frames.add(new Frame(opcode, bytes.slice(at + header, at + header + length)));
      at += header + length;
    }
    return frames;
  }
}
