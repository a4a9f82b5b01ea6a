package io.parley.bench;

import io.parley.voice.media.Pcm16;
import io.parley.voice.testing.TestSpeech;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Voice under load, measured from outside the node (docs/performance.md, "Voice"): the node runs
 * as its own JVM ({@code java -jar parley-server.jar}); this process holds the fake model and the
 * fake premium speech services (real wire formats over loopback HTTP, answering at once) and N
 * callers, each streaming a spoken question in real time over the chat socket, then silence until
 * the spoken answer has been played, again and again.
 *
 * <p>Per turn it measures the server-added delay a caller feels: from the last frame of speech
 * sent to the first frame of the answer's audio received, less the end-of-utterance silence the
 * node waits for by design. From the node's own histograms it reads the delay from its end of
 * speech to the first audio and the node's own part of it (what is left after the waits on the
 * recogniser, the model and the synthesiser, {@code parley_voice_node_own_seconds}). It also
 * reads the node's CPU time and RSS from /proc.
 *
 * <p>A fresh node runs the turn's code in the interpreter and the first compiler's tiers for its
 * first hundreds of turns, and a voice turn comes every few seconds: with a warm-up of W seconds,
 * eight chat customers talk to the node for W seconds (the same journal, turn and model path) and
 * then the callers of the row talk for W seconds, unmeasured, before the measured run.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests -Pbenchmarks
 * java -cp bench/target/benchmarks.jar io.parley.bench.VoiceLoad http/target/parley-server.jar premium 1,10,25 30 [warm-up s]
 * </pre>
 */
public final class VoiceLoad {
  private static final int RATE = 16_000;
  private static final int FRAME = RATE / 50;
  private static final long END_OF_UTTERANCE_MILLIS = 600;

  private VoiceLoad() {}

  public static void main(String[] args) throws Exception {
    CallLoadArguments arguments = CallLoadArguments.parse(args, "1,10");
    short[] question = TestSpeech.say(SpeechServiceFakes.QUESTION, RATE);
    try (SpeechServiceFakes fakes = new SpeechServiceFakes()) {
      System.out.printf(Locale.ROOT, "tier %s, %d s per run, warm-up %d s, question %d ms, answer \"%s\"%n",
          arguments.tier(), arguments.measured().toSeconds(), arguments.warmUp().toSeconds(),
          question.length * 1000 / RATE, SpeechServiceFakes.ANSWER);
      System.out.println("| calls | turns | server-added p50 | p90 | p99 | max | late turns (>5 s) | node CPU per call | node RSS"
          + " | node: means from end of speech: transcript / first token / first audio | node: end of speech to first"
          + " audio p50 / p99 | node's own part p50 / p90 / p99 | local fallbacks stt / tts |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
      for (int calls : arguments.callCounts()) {
        Map<String, String> env = fakes.nodeEnvironment(arguments.tier());
        env.put("PARLEY_SIP_ENABLED", "false");
        System.out.println(run(arguments.jar(), env, calls, arguments.measured(), arguments.warmUp(), question));
      }
    }
    System.exit(0);
  }

  private static String run(Path jar, Map<String, String> env, int calls, Duration measured, Duration warmUp,
      short[] question) throws Exception {
    try (NodeJvm node = NodeJvm.start(jar, env)) {
      int httpPort = node.httpPort();
      List<Long> delays = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger late = new AtomicInteger();
      if (!warmUp.isZero()) {
        chat(httpPort, warmUp);
        talk(httpPort, calls, warmUp, question, delays, late);
      }
      // One warm-up turn on one call: engines and code paths are loaded before anything is measured.
      new Caller(httpPort, question, delays, late).talk(System.nanoTime() + Duration.ofSeconds(15).toNanos(), 1);
      delays.clear();
      late.set(0);
      String warmedUp = node.metrics();
      long cpuBefore = node.cpuTicks();
      long start = System.nanoTime();
      talk(httpPort, calls, measured, question, delays, late);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuPerCall = (node.cpuTicks() - cpuBefore) / 100.0 / seconds / calls * 100;
      List<Long> sorted = new ArrayList<>(delays);
      Collections.sort(sorted);
      String metrics = node.metrics();
      return String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %d | %.1f %% of a core | %d MiB | %s | %s | %s | %s |",
          calls, sorted.size(), NodeJvm.percentile(sorted, 0.5), NodeJvm.percentile(sorted, 0.9),
          NodeJvm.percentile(sorted, 0.99), sorted.isEmpty() ? "-" : sorted.get(sorted.size() - 1) + " ms", late.get(),
          cpuPerCall, node.rssMiB(), nodeMeans(warmedUp, metrics),
          quantiles(warmedUp, metrics, "parley_voice_end_of_speech_to_first_audio_seconds", 0.5, 0.99),
          quantiles(warmedUp, metrics, "parley_voice_node_own_seconds", 0.5, 0.9, 0.99), fallbacks(metrics));
    }
  }

  /** {@code calls} callers talking for {@code duration}, their starts spread over two seconds. */
  private static void talk(int httpPort, int calls, Duration duration, short[] question, List<Long> delays,
      AtomicInteger late) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    long end = System.nanoTime() + duration.toNanos();
    for (int i = 0; i < calls; i++) {
      int staggerMillis = i * 97 % 2000;
      pool.submit(() -> {
        LockSupport.parkNanos(Duration.ofMillis(staggerMillis).toNanos());
        new Caller(httpPort, question, delays, late).talk(end, Integer.MAX_VALUE);
        return null;
      });
    }
    pool.shutdown();
    pool.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS);
  }

  /** Eight chat customers asking the node one question after another for {@code duration}. */
  private static void chat(int httpPort, Duration duration) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long start = System.nanoTime();
    Measurements ignored = new Measurements(start, start + duration.toNanos());
    Customer.Crowd crowd = new Customer.Crowd(http, httpPort, 20, Duration.ZERO, () -> { }, ignored);
    List<Thread> customers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread customer = new Thread(new Customer(crowd, "warm-up-" + i));
      customer.start();
      customers.add(customer);
    }
    for (Thread customer : customers) customer.join();
  }

  /** Quantiles of what a node histogram observed between two readings, in ms, as table text. */
  private static String quantiles(String before, String after, String histogram, double... qs) {
    List<String> values = new ArrayList<>();
    for (double q : qs) {
      values.add(NodeJvm.quantileMillis(before, after, histogram, q).stream()
          .mapToObj(ms -> String.format(Locale.ROOT, "%.1f", ms)).findFirst().orElse("-"));
    }
    return String.join(" / ", values) + " ms";
  }

  /** One caller: a chat socket with voice on, asking its question again and again until {@code end}. */
  private static final class Caller implements WebSocket.Listener {
    private final int port;
    private final short[] question;
    private final List<Long> delays;
    private final AtomicInteger late;
    private volatile CompletableFuture<Long> firstAudio = new CompletableFuture<>();
    private volatile CompletableFuture<Void> spoken = new CompletableFuture<>();
    private final CompletableFuture<Void> voiceOn = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();

    Caller(int port, short[] question, List<Long> delays, AtomicInteger late) {
      this.port = port;
      this.question = question;
      this.delays = delays;
      this.late = late;
    }

    void talk(long endNanos, int turns) throws Exception {
      WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/chat/ws"), this).get(10, TimeUnit.SECONDS);
      socket.sendText("{\"type\":\"start\",\"channel\":\"voice\"}", true).join();
      socket.sendText("{\"type\":\"voice\",\"action\":\"start\",\"sampleRate\":" + RATE + "}", true).join();
      voiceOn.get(30, TimeUnit.SECONDS);
      for (int turn = 0; turn < turns && System.nanoTime() < endNanos; turn++) {
        firstAudio = new CompletableFuture<>();
        spoken = new CompletableFuture<>();
        long speechEnd = stream(socket, question);
        long silenceUntil = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (!spoken.isDone() && System.nanoTime() < silenceUntil) stream(socket, new short[FRAME * 5]);
        if (firstAudio.isDone()) {
          long delayMillis = (firstAudio.get() - speechEnd) / 1_000_000 - END_OF_UTTERANCE_MILLIS;
          delays.add(delayMillis);
          if (delayMillis > 5_000) late.incrementAndGet();
        } else {
          late.incrementAndGet();
        }
      }
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }

    /** Sends audio as a microphone does, 20 ms frames in real time; returns when the last one went out. */
    private static long stream(WebSocket socket, short[] audio) {
      long start = System.nanoTime();
      for (int offset = 0, n = 0; offset < audio.length; offset += FRAME, n++) {
        short[] frame = Arrays.copyOfRange(audio, offset, Math.min(offset + FRAME, audio.length));
        socket.sendBinary(ByteBuffer.wrap(Pcm16.toLittleEndian(frame)), true).join();
        LockSupport.parkNanos(start + 20_000_000L * (n + 1) - System.nanoTime());
      }
      return System.nanoTime();
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String frame = text.toString();
        text.setLength(0);
        if (frame.contains("\"type\":\"voice\"") && frame.contains("\"started\"")) voiceOn.complete(null);
        if (frame.contains("\"type\":\"speaking\"") && frame.contains("\"stop\"")) spoken.complete(null);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
      firstAudio.complete(System.nanoTime());
      socket.request(1);
      return null;
    }
  }

  /**
   * What the local engines did in place of the premium ones (warm-up included): a premium row with
   * fallbacks measured the local tier, at least in part, and says so.
   */
  private static String fallbacks(String metrics) {
    return String.format(Locale.ROOT, "%.0f / %.0f", fallbacks(metrics, "stt"), fallbacks(metrics, "tts"));
  }

  /** Summed over the premium engines and the tenants, the labels beside {@code kind}. */
  private static double fallbacks(String metrics, String kind) {
    String label = "kind=\"" + kind + "\"";
    return metrics.lines().filter(line -> line.startsWith("parley_voice_fallbacks_total{") && line.contains(label))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  /**
   * The node's own view, from its histograms: mean milliseconds from the end of speech to each
   * step, over the turns since {@code before} (the warm-up turn's cold start left out).
   */
  private static String nodeMeans(String before, String metrics) {
    List<String> means = new ArrayList<>();
    for (String step : List.of("transcript", "first_token", "first_audio")) {
      String name = "parley_voice_end_of_speech_to_" + step + "_seconds";
      double sum = NodeJvm.sum(metrics, name + "_sum") - NodeJvm.sum(before, name + "_sum");
      double count = NodeJvm.sum(metrics, name + "_count") - NodeJvm.sum(before, name + "_count");
      means.add(String.format(Locale.ROOT, "%.0f", sum / Math.max(1, count) * 1000));
    }
    return String.join(" / ", means) + " ms";
  }
}
