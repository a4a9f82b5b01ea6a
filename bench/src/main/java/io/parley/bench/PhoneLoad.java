package io.parley.bench;

import io.parley.voice.phone.SdpOffer;
import io.parley.voice.testing.TestSpeech;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Response;

/**
 * Phone calls under load, measured from outside the node (docs/performance.md, "Phone calls"):
 * the node runs as its own JVM with its SIP bridge on; this process is the trunk (one SIP stack
 * placing N calls from loopback, ramped at {@code --ramp} calls a second), the fake model and the
 * fake premium speech services. Every caller speaks a question as 20 ms μ-law packets in real
 * time, then silence while the bot answers, again and again, and measures what a phone hears:
 * late packets (later than a 60 ms jitter buffer absorbs), interarrival jitter, and the delay from
 * the end of its question to the first packet of the spoken answer (less the end-of-utterance
 * silence the node waits for by design), over the measured window only (after the ramp and an
 * optional warm-up, the fifth argument in seconds). The node's own per-frame processing time comes
 * from its histogram; CPU and RSS from /proc.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests -Pbenchmarks
 * java -cp bench/target/benchmarks.jar io.parley.bench.PhoneLoad http/target/parley-server.jar premium 50,200,500 30 60
 * </pre>
 */
public final class PhoneLoad {
  private static final long END_OF_UTTERANCE_MILLIS = 600;
  private static final int RAMP_PER_SECOND = 25;
  /** The node's histogram of a caller frame's time from its packet's arrival to the speech pipeline having taken it. */
  static final String FRAME_HISTOGRAM = "parley_voice_frame_processing_seconds";

  private PhoneLoad() {}

  public static void main(String[] args) throws Exception {
    CallLoadArguments arguments = CallLoadArguments.parse(args, "10,100");
    System.out.printf(Locale.ROOT, "tier %s, %d s measured after a ramp of %d calls/s and %d s of warm-up, question"
            + " \"%s\" then 9 s of silence, answer \"%s\"%n", arguments.tier(), arguments.measured().toSeconds(),
        RAMP_PER_SECOND, arguments.warmUp().toSeconds(), SpeechServiceFakes.QUESTION, SpeechServiceFakes.ANSWER);
    System.out.println("| calls | answered | turns | answer delay p50 | p99 | packets heard | late packets | jitter (mean)"
        + " | node frame p99 | node CPU per call | node RSS per call | node RSS |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int calls : arguments.callCounts()) {
      System.out.println(measure(arguments.jar(), arguments.tier(), calls, arguments.warmUp(), arguments.measured()).row());
    }
    System.exit(0);
  }

  /**
   * {@code calls} calls on a node of {@code jar} whose model and (premium tier) speech services are
   * fakes here, measured for {@code measured} once they have all been answered and talked for
   * {@code warmUp} (time for the JIT to compile the per-frame path).
   */
  static Run measure(Path jar, String tier, int calls, Duration warmUp, Duration measured) throws Exception {
    short[] question = TestSpeech.say(SpeechServiceFakes.QUESTION, 8000);
    byte[][] script = PhoneCaller.script(question, 9_000);
    try (SpeechServiceFakes fakes = new SpeechServiceFakes()) {
      int sipPort = freePort();
      Map<String, String> env = fakes.nodeEnvironment(tier);
      env.putAll(Map.of("PARLEY_SIP_ENABLED", "true", "PARLEY_SIP_HOST", "127.0.0.1",
          "PARLEY_SIP_PORT", String.valueOf(sipPort), "PARLEY_SIP_MAX_CALLS", String.valueOf(calls + 10)));
      // Every call comes from one trunk's address: its calls a minute are not a flood.
      env.putAll(Map.of("PARLEY_SIP_RTP_PORT_MIN", "20000", "PARLEY_SIP_RTP_PORT_MAX", String.valueOf(20_000 + 4 * calls + 100),
          "PARLEY_SESSION_STARTS_PER_TENANT", "0", "PARLEY_SIP_INVITES_PER_MINUTE", "0"));
      Run run = run(jar, env, sipPort, calls, warmUp, measured, script, question.length / 160);
      if (tier.equals("premium")) requireUsed(fakes);
      return run;
    }
  }

  /** A premium run the fakes never saw measured the local engines the node fell back on: no figures for it. */
  private static void requireUsed(SpeechServiceFakes fakes) {
    if (fakes.stt.uploads().isEmpty() || fakes.tts.calls().isEmpty()) {
      throw new IllegalStateException("premium tier, but the fake speech services were not used ("
          + fakes.stt.uploads().size() + " uploads, " + fakes.tts.calls().size()
          + " speech requests): the node fell back to its local engines");
    }
  }

  /** One load level's figures; {@link #row()} is its line of the table in docs/performance.md. */
  record Run(int calls, int answered, List<Long> turnDelays, long packetsHeard, long latePackets, double jitterMillis,
      String nodeFrameP99, double cpuPercentPerCall, double rssMiBPerCall, long rssMiB, long callerLagMillis) {
    String row() {
      return String.format(Locale.ROOT, "| %d | %d | %d | %s | %s | %d | %d | %.1f ms | %s | %.2f %% of a core | %.2f MiB"
              + " | %d MiB |", calls, answered, turnDelays.size(), NodeJvm.percentile(turnDelays, 0.5),
          NodeJvm.percentile(turnDelays, 0.99), packetsHeard, latePackets, jitterMillis, nodeFrameP99, cpuPercentPerCall,
          rssMiBPerCall, rssMiB)
          + (callerLagMillis > 5 ? String.format(Locale.ROOT, " (the callers' own ticks lagged up to %d ms)", callerLagMillis)
          : "");
    }
  }

  /** Places {@code calls} calls on a node started from {@code jar} and measures them for {@code measured}. */
  private static Run run(Path jar, Map<String, String> env, int sipPort, int calls, Duration warmUp, Duration measured,
      byte[][] script, int questionFrames) throws Exception {
    try (NodeJvm node = NodeJvm.start(jar, env); PhoneLine line = new PhoneLine(freePort());
        Selector selector = Selector.open()) {
      List<Long> turnDelays = Collections.synchronizedList(new ArrayList<>());
      List<PhoneCaller> callers = new ArrayList<>();
      List<String> callIds = new ArrayList<>();
      long rssIdle = node.rssMiB();
      Ticker ticker = new Ticker();
      Thread listening = new Thread(() -> listen(selector), "bench-rtp-in");
      listening.start();
      ticker.start();
      int answered = 0;
      for (int i = 0; i < calls; i++) {
        PhoneCaller caller = new PhoneCaller(script, questionFrames, questionFrames - 1, END_OF_UTTERANCE_MILLIS, turnDelays);
        try {
          Response response = call(line, sipPort, i, caller, selector, ticker);
          if (response.getStatusCode() == 200) {
            callers.add(caller);
            callIds.add(callId(response));
            answered++;
          }
        } catch (Exception e) {
          // counted as not answered
        }
        LockSupport.parkNanos(1_000_000_000L / RAMP_PER_SECOND);
      }
      LockSupport.parkNanos(warmUp.toNanos());
      turnDelays.clear();
      ticker.resetLag();
      // Read across threads without a lock: a packet or two either way at the window's edges.
      long heardBefore = callers.stream().mapToLong(PhoneCaller::received).sum();
      long lateBefore = callers.stream().mapToLong(PhoneCaller::late).sum();
      String before = node.metrics();
      long cpuBefore = node.cpuTicks();
      long start = System.nanoTime();
      LockSupport.parkNanos(measured.toNanos());
      double seconds = (System.nanoTime() - start) / 1e9;
      long cpuTicks = node.cpuTicks() - cpuBefore;
      long rss = node.rssMiB();
      String after = node.metrics();
      long heard = callers.stream().mapToLong(PhoneCaller::received).sum() - heardBefore;
      long late = callers.stream().mapToLong(PhoneCaller::late).sum() - lateBefore;
      ticker.stop();
      for (String callId : callIds) line.hangUp(callId);
      listening.interrupt();
      selector.wakeup();
      listening.join(5_000);
      double jitter = callers.stream().mapToDouble(PhoneCaller::jitterMillis).average().orElse(0);
      for (PhoneCaller caller : callers) caller.close();
      List<Long> sorted = new ArrayList<>(turnDelays);
      Collections.sort(sorted);
      return new Run(calls, answered, sorted, heard, late, jitter, frameP99(before, after),
          cpuTicks / 100.0 / seconds / Math.max(1, answered) * 100, (rss - rssIdle) / (double) Math.max(1, answered), rss,
          ticker.maxLagMillis());
    }
  }

  /**
   * {@code caller} calls the node's SIP port from the number ending in {@code index}; once the node
   * answers (200), their audio flows both ways: the node's read on {@code selector}'s thread
   * ({@link #listen}), the caller's sent by {@code ticker}. Returns the node's final answer.
   */
  static Response call(PhoneLine line, int sipPort, int index, PhoneCaller caller, Selector selector, Ticker ticker)
      throws Exception {
    Response response = line.call(sipPort, "+4930555" + String.format(Locale.ROOT, "%04d", index), caller.offer())
        .get(30, TimeUnit.SECONDS);
    if (response.getStatusCode() == 200) {
      SdpOffer sdp = SdpOffer.parse(new String(response.getRawContent(), StandardCharsets.UTF_8)).orElseThrow();
      caller.answered(new InetSocketAddress(sdp.address(), sdp.port()));
      selector.wakeup();
      caller.channel().register(selector, SelectionKey.OP_READ, caller);
      ticker.add(caller);
    }
    return response;
  }

  static String callId(Response response) {
    return ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
  }

  static void listen(Selector selector) {
    ByteBuffer buffer = ByteBuffer.allocate(2048);
    while (!Thread.currentThread().isInterrupted()) {
      try {
        selector.select(200);
        for (SelectionKey key : selector.selectedKeys()) ((PhoneCaller) key.attachment()).receive(buffer);
        selector.selectedKeys().clear();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** The p99 of the node's per-frame processing time over the measured window, from its histogram's buckets. */
  private static String frameP99(String before, String after) {
    Map<Double, Double> buckets = new HashMap<>();
    for (String metrics : List.of(after, before)) {
      double sign = metrics == after ? 1 : -1;
      metrics.lines().filter(l -> l.startsWith(FRAME_HISTOGRAM + "_bucket{")).forEach(l -> {
        String le = l.substring(l.indexOf("le=\"") + 4, l.indexOf('"', l.indexOf("le=\"") + 4));
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        buckets.merge(bound, sign * Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)), Double::sum);
      });
    }
    double total = buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (total <= 0) return "-";
    String p99 = buckets.entrySet().stream().sorted(Map.Entry.comparingByKey()).filter(e -> e.getValue() >= 0.99 * total)
        .findFirst().map(e -> e.getKey().isInfinite() ? "> largest bucket" : String.format(Locale.ROOT, "≤ %.1f ms", e.getKey() * 1000))
        .orElse("-");
    return p99 + String.format(Locale.ROOT, " (%.2f %% ≤ 10 ms)", 100 * buckets.getOrDefault(0.01, 0.0) / total);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Sends every answered caller's next 20 ms, every 20 ms, on one thread, as a trunk's media server does. */
  static final class Ticker {
    private final List<PhoneCaller> active = new ArrayList<>();
    private final Thread thread = new Thread(this::run, "bench-rtp-out");
    private volatile boolean stopped;
    private volatile long maxLagMillis;

    void start() {
      thread.start();
    }

    synchronized void add(PhoneCaller caller) {
      active.add(caller);
    }

    synchronized void remove(PhoneCaller caller) {
      active.remove(caller);
    }

    long maxLagMillis() {
      return maxLagMillis;
    }

    /** From here on, only the measured window's lag counts. */
    void resetLag() {
      maxLagMillis = 0;
    }

    void stop() throws InterruptedException {
      stopped = true;
      thread.join();
    }

    private void run() {
      long next = System.nanoTime();
      while (!stopped) {
        long lag = (System.nanoTime() - next) / 1_000_000;
        if (lag > maxLagMillis) maxLagMillis = lag;
        synchronized (this) {
          for (PhoneCaller caller : active) {
            try {
              caller.tick();
            } catch (IOException e) {
              // a caller whose socket failed falls silent; the node's media timeout ends its call
            }
          }
        }
        next += 20_000_000L;
        LockSupport.parkNanos(next - System.nanoTime());
      }
    }
  }
}
