package io.parley.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.util.ByteString;

/**
 * Properties of the port's head reader ({@link HeadScan}) over heads as clients write them and
 * as they go wrong: the answer does not depend on how the bytes are cut into reads; a head read
 * here is strictly CRLF; and whenever the reader waits for more, Pekko HTTP's own server, given
 * the same bytes, answers nothing either, so handing a head over never comes later than Pekko
 * would have answered it.
 */
class HeadScanPropertiesTest {
  /** Started before each run of the class's properties, so surefire's rerun of a failed one in this JVM has a kit. */
  private static ActorTestKit testKit;
  private static ServerSettings pekko;
  private static HeadScan.Limits limits;
  private static final List<String> HEADERS = List.of("Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", "Origin: http://127.0.0.1",
      "Content-Length: 0", "Cookie: a=b; c=d", "User-Agent: Mozilla/5.0 (X11)", "Accept-Language: fr-CH, fr;q=0.9");
  private static final byte[] TROUBLE = {'\n', '\r', ' ', '\t', ':', 0, 0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF, '/', ',', '%', '#', '?', '{'};

  @BeforeContainer
  static void start() {
    testKit = ActorTestKit.create();
    pekko = ServerSettings.create(Adapter.toClassic(testKit.system()));
    limits = HeadScan.Limits.of(SocketHandshake.MAX_HEAD_BYTES, SocketHandshake.MAX_HEADERS, pekko.getParserSettings());
  }

  @AfterContainer
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Property(tries = 200)
  void howTheBytesAreCutDoesNotChangeTheAnswer(@ForAll("heads") byte[] head, @ForAll Random random) {
    int whole = new HeadScan(limits).scan(head, head.length);
    HeadScan scan = new HeadScan(limits);
    int read = 0;
    int answer = HeadScan.MORE;
    while (answer == HeadScan.MORE && read < head.length) {
      read = Math.min(head.length, read + 1 + random.nextInt(16));
      answer = scan.scan(head, read);
    }
    assertEquals(whole, answer);
  }

  @Property(tries = 200)
  void aHeadReadHereIsStrictlyCrlf(@ForAll("heads") byte[] head) {
    int end = new HeadScan(limits).scan(head, head.length);
    if (end < 0) return;
    String read = new String(head, 0, end, StandardCharsets.ISO_8859_1);
    assertTrue(read.startsWith("GET ") && read.endsWith("\r\n\r\n"), read);
    assertEquals(read.chars().filter(c -> c == '\n').count(), read.split("\r\n", -1).length - 1, "no bare LF: " + read);
    assertEquals(read.chars().filter(c -> c == '\r').count(), read.split("\r\n", -1).length - 1, "no bare CR: " + read);
  }

  @Property(tries = 200)
  void anUnchangedHandshakeIsReadAndUnderstood(@ForAll("handshakes") String handshake) {
    byte[] bytes = handshake.getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(bytes.length, new HeadScan(limits).scan(bytes, bytes.length));
    assertTrue(SocketHandshake.parse(ByteString.fromArray(bytes)).isPresent(), handshake);
  }

  @Property(tries = 80)
  void whileTheReaderWaitsForMorePekkoHttpAnswersNothingEither(@ForAll("heads") byte[] head) throws Exception {
    if (new HeadScan(limits).scan(head, head.length) != HeadScan.MORE) return;
    // Pekko parses as the bytes arrive and answers a head it refuses at once; a few milliseconds
    // suffice for its answer to come out.
    assertNull(pekkoAnswer(head), () -> "Pekko answered what the reader waits on: "
        + new String(head, StandardCharsets.ISO_8859_1));
  }

  /** Pekko HTTP's server given {@code head} on a connection kept open: its first bytes out, or null if none come. */
  private static ByteString pekkoAnswer(byte[] head) throws Exception {
    @SuppressWarnings("unchecked")
    BidiFlow<HttpResponse, ByteString, ByteString, HttpRequest, NotUsed> server = Http.get(Adapter.toClassic(testKit.system()))
        .serverLayer(pekko, Optional.empty())
        .atop((BidiFlow<TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed>)
            (BidiFlow<?, ?, ?, ?, ?>) TLSPlacebo.getInstance());
    Flow<ByteString, ByteString, NotUsed> connection =
        server.reversed().join(Flow.of(HttpRequest.class).map(request -> HttpResponse.create()));
    CompletableFuture<ByteString> first = Source.single(ByteString.fromArray(head)).concat(Source.maybe())
        .via(connection)
        .runWith(Sink.head(), Materializer.matFromSystem(testKit.system()))
        .toCompletableFuture();
    return first.completeOnTimeout(null, 30, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
  }

  /** Whole handshakes, their headers in any order. */
  @Provide
  Arbitrary<String> handshakes() {
    return Arbitraries.shuffle(HEADERS).map(headers ->
        "GET /v1/chat/ws?tenant=demo HTTP/1.1\r\n" + String.join("\r\n", headers) + "\r\n\r\n");
  }

  /** Heads as clients write them, some with a troublesome byte put in or swapped, cut anywhere. */
  @Provide
  Arbitrary<byte[]> heads() {
    Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').withChars('\u00e9', '\t').ofMaxLength(40);
    Arbitrary<String> extra = Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(12)
        .flatMap(name -> value.map(v -> name + ": " + v));
    Arbitrary<List<String>> headers = Arbitraries.subsetOf(HEADERS).flatMap(chosen ->
        extra.list().ofMaxSize(3).map(more -> {
          List<String> all = new ArrayList<>(chosen);
          all.addAll(more);
          Collections.shuffle(all, new Random(all.size()));
          return all;
        }));
    Arbitrary<String> target = Arbitraries.of("/v1/chat/ws", "/health/ready", "/", "/v1/chat/ws?token=a.b-c",
        "/v1/chat/ws?q=%C3%A9&x=!$'()*+,;=:@/?");
    return headers.flatMap(chosen -> target.flatMap(path -> Arbitraries.randoms().map(random -> {
      String text = "GET " + path + " HTTP/1.1\r\n" + String.join("\r\n", chosen) + (chosen.isEmpty() ? "" : "\r\n") + "\r\n";
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      if (random.nextBoolean()) bytes = changed(bytes, random);
      return java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length));
    })));
  }

  private static byte[] changed(byte[] bytes, Random random) {
    int at = random.nextInt(bytes.length);
    byte trouble = TROUBLE[random.nextInt(TROUBLE.length)];
    if (random.nextBoolean()) {
      byte[] copy = bytes.clone();
      copy[at] = trouble;
      return copy;
    }
    byte[] longer = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, longer, 0, at);
    longer[at] = trouble;
    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
    return longer;
  }
}
