package io.parley.voice.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.parley.voice.media.AudioChunk;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An OpenAI-compatible {@code POST /v1/audio/transcriptions} for tests, on a random loopback
 * port. It parses the multipart upload as OpenAI does, and refuses (with OpenAI's error body)
 * a missing or wrong bearer key when one is required, a file that is not mono PCM16 WAV,
 * an unknown {@code response_format}, and a {@code language} that is not an ISO-639-1 code. It answers {@code json} or {@code verbose_json} as
 * asked, by default {@code "heard <ms> ms"} from the audio's length, unless replies were
 * {@linkplain #enqueue scripted} (in the order the uploads arrive, which for uploads under way at
 * once is not always the order they were sent in).
 *
 * <pre>{@code
 * try (FakeTranscriptionServer server = FakeTranscriptionServer.start()) {
 *   server.enqueue(Reply.error(503, "overloaded"), Reply.late(Duration.ofMillis(300), Reply.transcript("hello")));
 *   // first upload: 503; second: "hello" after 300 ms; later: "heard 1000 ms" for a second of audio
 * }
 * }</pre>
 */
public final class FakeTranscriptionServer implements AutoCloseable {
  public static final String PATH = "/v1/audio/transcriptions";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How to answer one upload. */
  public sealed interface Reply {
    /** A transcript whose one segment has these log-probability and no-speech figures. */
    record Transcript(String text, double avgLogprob, double noSpeechProb) implements Reply {}

    record Error(int status, String body) implements Reply {}

    /** A 200 whose body is not a transcription. */
    record Garbage(String body) implements Reply {}

    record Late(Duration delay, Reply then) implements Reply {}

    /** Never answers; the connection drops when the server closes. */
    record Hang() implements Reply {}

    static Reply transcript(String text) {
      return new Transcript(text, -0.1, 0.05);
    }

    static Reply error(int status, String message) {
      return new Error(status, LoopbackServer.openAiError(message));
    }

    static Reply garbage(String body) {
      return new Garbage(body);
    }

    static Reply late(Duration delay, Reply then) {
      return new Late(delay, then);
    }

    static Reply hang() {
      return new Hang();
    }
  }

  /** An upload as it arrived, its WAV file decoded; {@code language} the field, when it was sent. */
  public record Upload(
      Optional<String> authorization, String model, String responseFormat, String fileName, String fileType,
      int sampleRate, short[] samples, Optional<String> language) {
    public long durationMillis() {
      return samples.length * 1000L / sampleRate;
    }
  }

  private final LoopbackServer server;
  private final Function<Upload, String> transcriber;
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Upload> uploads = new CopyOnWriteArrayList<>();
  private volatile Optional<String> requiredKey = Optional.empty();

  private FakeTranscriptionServer(Function<Upload, String> transcriber) {
    this.transcriber = transcriber;
    this.server = new LoopbackServer("fake-transcriptions", this::handle);
  }

  /** Answers {@code "heard <ms> ms"}, the length of the audio uploaded. */
  public static FakeTranscriptionServer start() {
    return start(upload -> "heard " + upload.durationMillis() + " ms");
  }

  public static FakeTranscriptionServer start(Function<Upload, String> transcriber) {
    return new FakeTranscriptionServer(transcriber);
  }

  public URI baseUrl() {
    return server.baseUrl();
  }

  /** From now on, uploads without {@code Authorization: Bearer <key>} get a 401. */
  public void requireKey(String key) {
    requiredKey = Optional.of(key);
  }

  public void enqueue(Reply... replies) {
    script.addAll(List.of(replies));
  }

  /** The uploads accepted so far (refused ones are not recorded), oldest first. */
  public List<Upload> uploads() {
    return List.copyOf(uploads);
  }

  @Override
  public void close() {
    server.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (!PATH.equals(exchange.getRequestURI().getPath()) || !"POST".equals(exchange.getRequestMethod())) {
      LoopbackServer.sendJson(exchange, 404, LoopbackServer.openAiError("no route"));
      return;
    }
    Optional<String> authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
    if (requiredKey.isPresent() && !authorization.equals(requiredKey.map(key -> "Bearer " + key))) {
      LoopbackServer.sendJson(exchange, 401, LoopbackServer.openAiError("Incorrect API key provided"));
      return;
    }
    String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
    if (!contentType.startsWith("multipart/form-data; boundary=")) {
      LoopbackServer.sendJson(exchange, 400, LoopbackServer.openAiError("expected multipart/form-data"));
      return;
    }
    Map<String, Part> parts = parts(exchange.getRequestBody().readAllBytes(),
        contentType.substring(contentType.indexOf("boundary=") + "boundary=".length()));
    Part file = parts.get("file");
    Part model = parts.get("model");
    String format = parts.containsKey("response_format") ? parts.get("response_format").text() : "json";
    Optional<AudioChunk> audio = file == null ? Optional.empty() : pcm16Mono(file.content());
    if (model == null || audio.isEmpty() || !(format.equals("json") || format.equals("verbose_json"))) {
      LoopbackServer.sendJson(exchange, 400, LoopbackServer.openAiError(
          "Invalid file format or parameters: expected mono PCM16 WAV, a model and json or verbose_json"));
      return;
    }
    Optional<String> language = Optional.ofNullable(parts.get("language")).map(Part::text);
    if (language.filter(code -> !code.matches("[a-z]{2}")).isPresent()) {
      LoopbackServer.sendJson(exchange, 400, LoopbackServer.openAiError(
          "Invalid language '" + language.get() + "'. Language parameter must be specified in ISO-639-1 format."));
      return;
    }
    Upload upload = new Upload(authorization, model.text(), format, file.fileName(), file.type(),
        audio.get().sampleRate(), audio.get().samples(), language);
    uploads.add(upload);
    Reply reply = Optional.ofNullable(script.poll()).orElseGet(() -> Reply.transcript(transcriber.apply(upload)));
    answer(exchange, upload, reply);
  }

  private void answer(HttpExchange exchange, Upload upload, Reply reply) throws IOException {
    if (reply instanceof Reply.Late late) {
      server.pause(late.delay());
      answer(exchange, upload, late.then());
    } else if (reply instanceof Reply.Hang) {
      server.hang();
    } else if (reply instanceof Reply.Error error) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      byte[] body = error.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(error.status(), body.length);
      exchange.getResponseBody().write(body);
    } else if (reply instanceof Reply.Garbage garbage) {
      LoopbackServer.sendJson(exchange, 200, garbage.body());
    } else if (reply instanceof Reply.Transcript transcript) {
      LoopbackServer.sendJson(exchange, 200, transcription(upload, transcript).toString());
    }
  }

  private static ObjectNode transcription(Upload upload, Reply.Transcript transcript) {
    ObjectNode body = JSON.createObjectNode();
    if (upload.responseFormat().equals("json")) {
      return body.put("text", transcript.text());
    }
    double seconds = upload.durationMillis() / 1000.0;
    body.put("task", "transcribe").put("language", "english").put("duration", seconds).put("text", transcript.text());
    body.putArray("segments").addObject()
        .put("id", 0).put("seek", 0).put("start", 0.0).put("end", seconds).put("text", transcript.text())
        .put("temperature", 0.0).put("avg_logprob", transcript.avgLogprob()).put("compression_ratio", 1.2)
        .put("no_speech_prob", transcript.noSpeechProb())
        .putArray("tokens").add(50364);
    return body;
  }

  private record Part(String fileName, String type, byte[] content) {
    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  /** The parts of a multipart/form-data body by name (RFC 7578), or none for a body that is not one. */
  private static Map<String, Part> parts(byte[] body, String boundary) {
    Map<String, Part> parts = new HashMap<>();
    byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    byte[] first = ("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII);
    if (indexOf(body, first, 0) != 0) return parts;
    int at = first.length;
    while (true) {
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), at);
      int end = indexOf(body, delimiter, headersEnd);
      if (headersEnd < 0 || end < 0) return parts;
      String headers = new String(body, at, headersEnd - at, StandardCharsets.UTF_8);
      byte[] content = Arrays.copyOfRange(body, headersEnd + 4, end);
      String name = attribute(headers, "name").orElse("");
      String type = headers.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
          .map(line -> line.substring("content-type:".length()).strip()).findFirst().orElse("text/plain");
      parts.put(name, new Part(attribute(headers, "filename").orElse(""), type, content));
      at = end + delimiter.length;
      if (body.length >= at + 2 && body[at] == '-' && body[at + 1] == '-') return parts;
      at += 2; // CRLF after the delimiter
    }
  }

  private static Optional<String> attribute(String headers, String attribute) {
    String key = " " + attribute + "=\"";
    int start = headers.indexOf(key);
    if (start < 0) return Optional.empty();
    start += key.length();
    return Optional.of(headers.substring(start, headers.indexOf('"', start)));
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  /**
   * The audio of a canonical RIFF/WAVE file of PCM16 mono, at any rate (the service resamples it);
   * empty for anything else.
   */
  private static Optional<AudioChunk> pcm16Mono(byte[] wav) {
    if (wav.length < 44) return Optional.empty();
    ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    int rate = in.getInt(24);
    boolean header = ascii(wav, 0).equals("RIFF") && in.getInt(4) == wav.length - 8 && ascii(wav, 8).equals("WAVE")
        && ascii(wav, 12).equals("fmt ") && in.getInt(16) == 16
        && in.getShort(20) == 1 && in.getShort(22) == 1 && rate > 0
        && in.getInt(28) == rate * 2 && in.getShort(32) == 2 && in.getShort(34) == 16
        && ascii(wav, 36).equals("data") && in.getInt(40) == wav.length - 44;
    if (!header) return Optional.empty();
    short[] samples = new short[(wav.length - 44) / 2];
    in.position(44);
    in.asShortBuffer().get(samples);
    return Optional.of(new AudioChunk(samples, rate));
  }

  private static String ascii(byte[] data, int at) {
    return new String(data, at, 4, StandardCharsets.US_ASCII);
  }
}
