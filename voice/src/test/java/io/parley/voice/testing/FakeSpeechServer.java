package io.parley.voice.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two streaming speech APIs for tests, on a random loopback port: OpenAI's
 * {@code POST /v1/audio/speech} with {@code "response_format": "pcm"} (24 kHz) and ElevenLabs'
 * {@code POST /v1/text-to-speech/{voice_id}/stream?output_format=pcm_16000} (16 kHz). Each answers
 * {@link #audioFor} the text as raw PCM16 little-endian, chunked, in pieces that end inside a sample,
 * flushed one by one with a gap between them, unless replies were {@linkplain #enqueue scripted}.
 * A key, when required, is checked in each API's own header; refusals carry each API's error body.
 * ElevenLabs' {@code language_code} must be an ISO 639-1 code, and is refused with a model that
 * does not enforce a language (only {@code eleven_flash_v2_5} and {@code eleven_turbo_v2_5} do), as
 * the service documents it.
 *
 * <pre>{@code
 * server.enqueue(Reply.audio().holdingAfter(1));
 * // the first piece goes out, the rest only after server.release(): a test sees audio before the body ended
 * }</pre>
 */
public final class FakeSpeechServer implements AutoCloseable {
  public static final String OPENAI_PATH = "/v1/audio/speech";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LANGUAGE_ENFORCING = Set.of("eleven_flash_v2_5", "eleven_turbo_v2_5");

  /** How to answer one request. */
  public sealed interface Reply {
    /**
     * The audio in {@code pieces} flushed pieces, {@code gap} apart; after {@code holdAfter} pieces it
     * waits for {@link #release()}, after {@code dropAfter} it drops the connection, after
     * {@code stallAfter} it sends nothing more until the server closes.
     */
    record Audio(int pieces, Duration gap, OptionalInt holdAfter, OptionalInt dropAfter, OptionalInt stallAfter)
        implements Reply {
      public Audio holdingAfter(int sent) {
        return new Audio(pieces, gap, OptionalInt.of(sent), dropAfter, stallAfter);
      }

      public Audio droppingAfter(int sent) {
        return new Audio(pieces, gap, holdAfter, OptionalInt.of(sent), stallAfter);
      }

      public Audio stallingAfter(int sent) {
        return new Audio(pieces, gap, holdAfter, dropAfter, OptionalInt.of(sent));
      }
    }

    record Error(int status, String body) implements Reply {}

    /** A 200 that is JSON, not audio. */
    record NotAudio(String body) implements Reply {}

    static Audio audio() {
      return audio(5, Duration.ofMillis(20));
    }

    static Audio audio(int pieces, Duration gap) {
      return new Audio(pieces, gap, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    static Reply error(int status, String body) {
      return new Error(status, body);
    }

    static Reply notAudio(String body) {
      return new NotAudio(body);
    }
  }

  /** A request as it arrived. */
  public record SpeechCall(String path, Map<String, String> query, Optional<String> authorization,
      Optional<String> xiApiKey, JsonNode body) {}

  private final LoopbackServer server;
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<SpeechCall> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger clientsGone = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile Optional<String> requiredKey = Optional.empty();

  private FakeSpeechServer() {
    this.server = new LoopbackServer("fake-speech", this::handle);
  }

  public static FakeSpeechServer start() {
    return new FakeSpeechServer();
  }

  public URI baseUrl() {
    return server.baseUrl();
  }

  /** The audio spoken for {@code text}: 40 ms per character of a saw-tooth that depends on the text. */
  public static short[] audioFor(String text, int sampleRate) {
    short[] samples = new short[text.length() * sampleRate / 25];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) ((i * 97 + text.length() * 13) % 40_000 - 20_000);
    }
    return samples;
  }

  public void requireKey(String key) {
    requiredKey = Optional.of(key);
  }

  public void enqueue(Reply... replies) {
    script.addAll(List.of(replies));
  }

  /** Lets held replies send the rest of their audio. */
  public void release() {
    released.countDown();
  }

  public List<SpeechCall> calls() {
    return List.copyOf(calls);
  }

  /** Streams that could not be written to the end because the client had gone (cancelled). */
  public int clientsGone() {
    return clientsGone.get();
  }

  @Override
  public void close() {
    release();
    server.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    boolean openAi = path.equals(OPENAI_PATH);
    boolean elevenLabs = path.matches("/v1/text-to-speech/[^/]+/stream");
    if (!"POST".equals(exchange.getRequestMethod()) || !(openAi || elevenLabs)) {
      LoopbackServer.sendJson(exchange, 404, "{\"detail\":\"Not Found\"}");
      return;
    }
    Optional<String> authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
    Optional<String> xiApiKey = Optional.ofNullable(exchange.getRequestHeaders().getFirst("xi-api-key"));
    JsonNode body;
    try {
      body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    } catch (JsonProcessingException e) {
      LoopbackServer.sendJson(exchange, 400, LoopbackServer.openAiError("body is not JSON"));
      return;
    }
    if (openAi) {
      if (requiredKey.isPresent() && !authorization.equals(requiredKey.map(key -> "Bearer " + key))) {
        LoopbackServer.sendJson(exchange, 401, LoopbackServer.openAiError("Incorrect API key provided"));
        return;
      }
      if (!body.path("model").isTextual() || !body.path("input").isTextual() || !body.path("voice").isTextual()
          || !body.path("response_format").asText().equals("pcm")) {
        LoopbackServer.sendJson(exchange, 400, LoopbackServer.openAiError("expected model, input, voice and response_format pcm"));
        return;
      }
    } else {
      if (requiredKey.isPresent() && !xiApiKey.equals(requiredKey)) {
        LoopbackServer.sendJson(exchange, 401, "{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key\"}}");
        return;
      }
      if (!body.path("text").isTextual() || !body.path("model_id").isTextual()
          || !"pcm_16000".equals(query.get("output_format"))) {
        LoopbackServer.sendJson(exchange, 400,
            "{\"detail\":{\"status\":\"invalid_request\",\"message\":\"expected text, model_id and output_format=pcm_16000\"}}");
        return;
      }
      if (body.has("language_code") && (!body.path("language_code").asText().matches("[a-z]{2}")
          || !LANGUAGE_ENFORCING.contains(body.path("model_id").asText()))) {
        LoopbackServer.sendJson(exchange, 400, "{\"detail\":{\"status\":\"unsupported_language\",\"message\":"
            + "\"Model does not support the provided language code\"}}");
        return;
      }
    }
    calls.add(new SpeechCall(path, query, authorization, xiApiKey, body));
    Reply reply = Optional.ofNullable(script.poll()).orElseGet(Reply::audio);
    if (reply instanceof Reply.Error error) {
      LoopbackServer.sendJson(exchange, error.status(), error.body());
    } else if (reply instanceof Reply.NotAudio notAudio) {
      LoopbackServer.sendJson(exchange, 200, notAudio.body());
    } else if (reply instanceof Reply.Audio audio) {
      String text = openAi ? body.get("input").asText() : body.get("text").asText();
      stream(exchange, audio, bytes(audioFor(text, openAi ? 24_000 : 16_000)));
    }
  }

  private void stream(HttpExchange exchange, Reply.Audio audio, byte[] pcm) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "audio/pcm");
    exchange.sendResponseHeaders(200, 0); // chunked: each flush is a piece, and a drop is detectable
    OutputStream out = exchange.getResponseBody();
    int start = 0;
    for (int piece = 0; piece < audio.pieces(); piece++) {
      if (audio.holdAfter().equals(OptionalInt.of(piece))) awaitRelease();
      if (audio.dropAfter().equals(OptionalInt.of(piece))) LoopbackServer.drop();
      if (audio.stallAfter().equals(OptionalInt.of(piece))) server.hang();
      if (piece > 0) server.pause(audio.gap());
      // Odd ends, so that pieces split samples and the client must carry a byte over.
      int end = piece == audio.pieces() - 1 ? pcm.length : Math.min(pcm.length, (pcm.length * (piece + 1) / audio.pieces()) | 1);
      try {
        out.write(pcm, start, end - start);
        out.flush();
      } catch (IOException gone) {
        clientsGone.incrementAndGet();
        LoopbackServer.drop();
      }
      start = end;
    }
  }

  private void awaitRelease() {
    try {
      if (!released.await(10, TimeUnit.SECONDS)) LoopbackServer.drop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LoopbackServer.drop();
    }
  }

  private static byte[] bytes(short[] samples) {
    ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    pcm.asShortBuffer().put(samples);
    return pcm.array();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) return query;
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) query.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
    return query;
  }
}
