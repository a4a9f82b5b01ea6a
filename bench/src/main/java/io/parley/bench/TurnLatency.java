package io.parley.bench;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.voice.testing.TestSpeech;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sip.message.Response;

/**
 * How soon a phone caller hears the answer (docs/performance.md, "Turn latency"), measured from
 * outside the node: the node runs as its own JVM with its SIP bridge and its local engines (Vosk
 * hears, flite speaks), the model is a fake here answering at once, and real calls come over SIP
 * and RTP on loopback. Each call listens to the greeting, asks "Where is my order now" in 20 ms
 * μ-law packets in real time and measures from sending the question's last voiced packet to
 * receiving the answer's first packet of sound (and asks again, for more turns a call);
 * {@code calls} calls, one at a time unless told otherwise. The same run measures the node twice, with the turn-taking it had before (a fixed 600 ms
 * of silence, a fixed 60 ms jitter buffer, flite's lead-in kept) and with today's defaults, so the
 * two share the machine's load, which is written beside them.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests -Pbenchmarks
 * PARLEY_VAD_ENGINE=energy java -cp bench/target/benchmarks.jar io.parley.bench.TurnLatency \
 *   http/target/parley-server.jar 30 1 1
 * </pre>
 */
public final class TurnLatency {
  private static final String QUESTION = "Where is my order now";
  private static final String ANSWER = "It should arrive on Friday.";
  private static final String GREETING = "Hello, how can I help?";
  /** Long enough for the greeting, and for the answer before the question comes again. */
  private static final long LISTEN_MILLIS = 4_000;
  private static final Map<String, String> BEFORE = Map.of("PARLEY_VAD_COMPLETE_UTTERANCE_SILENCE_MS", "0",
      "PARLEY_SIP_JITTER_BUFFER", "60ms", "PARLEY_SIP_JITTER_BUFFER_MAX", "60ms",
      "PARLEY_TTS_LOCAL_LEADING_SILENCE_RMS", "0");

  private TurnLatency() {}

  public static void main(String[] args) throws Exception {
    PositionalArguments arguments = new PositionalArguments(args);
    Path jar = Path.of(args[0]);
    int calls = arguments.number(1, 30);
    int atOnce = arguments.number(2, 1);
    int turnsPerCall = arguments.number(3, 1);
    short[] question = TestSpeech.say(QUESTION, 8000);
    byte[][] script = PhoneCaller.script(question, LISTEN_MILLIS);
    int questionFrames = (question.length + 159) / 160;
    int questionEnd = PhoneCaller.lastVoicedFrame(question);
    System.out.printf(Locale.ROOT, "%d calls, %d at a time, %d turns each; question \"%s\" (%d ms, last voiced at %d ms),"
            + " answer \"%s\"; local engines, fake model%n", calls, atOnce, turnsPerCall, QUESTION, questionFrames * 20,
        (questionEnd + 1) * 20, ANSWER);
    System.out.println("| settings | turns | question end to answer p50 | p90 | max | load (1 min) before / after |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> ANSWER)) {
      for (Map.Entry<String, Map<String, String>> settings : List.of(Map.entry("before (600 ms, 60 ms, lead-in kept)",
          BEFORE), Map.entry("after (defaults)", Map.<String, String>of()))) {
        Map<String, String> env = new HashMap<>(Map.of("PARLEY_LLM_BASE_URL", model.baseUrl().toString(),
            "PARLEY_LLM_MODEL", "bench", "PARLEY_SIP_ENABLED", "true", "PARLEY_SIP_HOST", "127.0.0.1",
            "PARLEY_SIP_GREETING", GREETING, "PARLEY_SIP_RTP_PORT_MIN", "21000", "PARLEY_SIP_RTP_PORT_MAX", "21999",
            "PARLEY_SESSION_STARTS_PER_TENANT", "0", "PARLEY_SIP_INVITES_PER_MINUTE", "0"));
        env.put("PARLEY_ANSWER_CACHE", "false");
        env.putAll(settings.getValue());
        String loadBefore = load();
        List<Long> delays = measure(jar, env, calls, atOnce, turnsPerCall, script, questionFrames, questionEnd);
        Collections.sort(delays);
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s / %s |%n", settings.getKey(), delays.size(),
            NodeJvm.percentile(delays, 0.5), NodeJvm.percentile(delays, 0.9), NodeJvm.percentile(delays, 1.0),
            loadBefore, load());
      }
    }
    System.exit(0);
  }

  /** The delays of every turn of {@code calls} calls on a node of {@code jar} with {@code env}. */
  private static List<Long> measure(Path jar, Map<String, String> env, int calls, int atOnce, int turnsPerCall,
      byte[][] script, int questionFrames, int questionEnd) throws Exception {
    int sipPort = PhoneLoad.freePort();
    env.put("PARLEY_SIP_PORT", String.valueOf(sipPort));
    List<Long> delays = Collections.synchronizedList(new ArrayList<>());
    try (NodeJvm node = NodeJvm.start(jar, env); PhoneLine line = new PhoneLine(PhoneLoad.freePort());
        Selector selector = Selector.open()) {
      PhoneLoad.Ticker ticker = new PhoneLoad.Ticker();
      Thread listening = new Thread(() -> PhoneLoad.listen(selector), "bench-rtp-in");
      listening.start();
      ticker.start();
      // One unmeasured call first: the node's engines and code paths warm, as on a node in service.
      placeBatch(line, sipPort, 1, turnsPerCall, selector, ticker, script, questionFrames, questionEnd, new ArrayList<>());
      for (int placed = 0; placed < calls; placed += atOnce) {
        placeBatch(line, sipPort, Math.min(atOnce, calls - placed), turnsPerCall, selector, ticker, script, questionFrames,
            questionEnd, delays);
      }
      ticker.stop();
      listening.interrupt();
      selector.wakeup();
      listening.join(5_000);
    }
    return new ArrayList<>(delays);
  }

  /** {@code count} calls at once, each for {@code turns} turns, then hung up. */
  private static void placeBatch(PhoneLine line, int sipPort, int count, int turns, Selector selector,
      PhoneLoad.Ticker ticker,
      byte[][] script, int questionFrames, int questionEnd, List<Long> delays) throws Exception {
    List<PhoneCaller> callers = new ArrayList<>();
    List<String> callIds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      PhoneCaller caller = new PhoneCaller(script, questionFrames, questionEnd, 0, delays);
      Response response = PhoneLoad.call(line, sipPort, i, caller, selector, ticker);
      if (response.getStatusCode() != 200) throw new IllegalStateException("call refused: " + response.getStatusCode());
      callers.add(caller);
      callIds.add(PhoneLoad.callId(response));
    }
    // The last answer comes within the silence after the last question, before the next question would start.
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(script.length * 20L * turns + LISTEN_MILLIS - 500));
    for (PhoneCaller caller : callers) ticker.remove(caller);
    for (String callId : callIds) line.hangUp(callId);
    for (PhoneCaller caller : callers) caller.close();
  }

  private static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }
}
