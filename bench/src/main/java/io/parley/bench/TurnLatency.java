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
import java.util.stream.Collectors;
import javax.sip.message.Response;

/**
 * How soon a phone caller hears the answer (docs/performance.md, "Turn latency"), measured from
 * outside the node: the node runs as its own JVM with its SIP bridge and its local engines (Vosk
 * hears, flite speaks), the model is a fake here answering at once, and real calls come over SIP
 * and RTP on loopback. Each call listens to the greeting, asks "Where is my order now" in 20 ms
 * μ-law packets in real time and measures from sending the question's last voiced packet to
 * receiving the answer's first packet of sound (and asks again, for more turns a call);
 * {@code calls} calls, one at a time unless told otherwise. The same run measures a node per
 * settings compared (the fifth argument, comma-separated: {@code silence}, the turn-taking before
 * words were read, a fixed 600 ms of silence, a fixed 60 ms jitter buffer, flite's lead-in kept;
 * {@code 250}, today's defaults with the former 250 ms after complete words; {@code defaults};
 * {@code silence,defaults} unless told), so they share the machine's load, which is written
 * beside them with the node's own split of the delay (its end-of-speech histograms' means).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests -Pbenchmarks
 * PARLEY_VAD_ENGINE=energy java -cp bench/target/benchmarks.jar io.parley.bench.TurnLatency \
 *   http/target/parley-server.jar 30 1 1 250,defaults
 * </pre>
 */
public final class TurnLatency {
  private static final String QUESTION = "Where is my order now";
  private static final String ANSWER = "It should arrive on Friday.";
  private static final String GREETING = "Hello, how can I help?";
  /** Long enough for the greeting, and for the answer before the question comes again. */
  private static final long LISTEN_MILLIS = 4_000;
  /** The turn-taking before words were read: a fixed 600 ms of silence, a fixed 60 ms jitter buffer, flite's lead-in kept. */
  private static final Map<String, String> SILENCE_ALONE = Map.of("PARLEY_VAD_COMPLETE_UTTERANCE_SILENCE_MS", "0",
      "PARLEY_SIP_JITTER_BUFFER", "60ms", "PARLEY_SIP_JITTER_BUFFER_MAX", "60ms",
      "PARLEY_TTS_LOCAL_LEADING_SILENCE_RMS", "0");
  /** The settings each run compares, by name; {@code silence} first when asked for. */
  private static final Map<String, Map.Entry<String, Map<String, String>>> SETTINGS = Map.of(
      "silence", Map.entry("silence alone (600 ms, 60 ms, lead-in kept)", SILENCE_ALONE),
      "250", Map.entry("250 ms after complete words", Map.of("PARLEY_VAD_COMPLETE_UTTERANCE_SILENCE_MS", "250")),
      "defaults", Map.entry("today's defaults", Map.of()));

  /** The node's split of each turn (docs/voice.md, "Latency"): its end-of-speech histograms, in order. */
  private static final List<String> SPLIT = List.of("parley_voice_end_of_speech_to_transcript_seconds",
      "parley_voice_end_of_speech_to_first_token_seconds", "parley_voice_end_of_speech_to_first_audio_seconds",
      "parley_voice_node_own_seconds");

  private TurnLatency() {}

  public static void main(String[] args) throws Exception {
    PositionalArguments arguments = new PositionalArguments(args);
    Path jar = Path.of(args[0]);
    int calls = arguments.number(1, 30);
    int atOnce = arguments.number(2, 1);
    int turnsPerCall = arguments.number(3, 1);
    String compared = args.length > 4 ? args[4] : "silence,defaults";
    short[] question = TestSpeech.say(QUESTION, 8000);
    byte[][] script = PhoneCaller.script(question, LISTEN_MILLIS);
    int questionFrames = (question.length + 159) / 160;
    int questionEnd = PhoneCaller.lastVoicedFrame(question);
    System.out.printf(Locale.ROOT, "%d calls, %d at a time, %d turns each; question \"%s\" (%d ms, last voiced at %d ms),"
            + " answer \"%s\"; local engines, fake model%n", calls, atOnce, turnsPerCall, QUESTION, questionFrames * 20,
        (questionEnd + 1) * 20, ANSWER);
    System.out.println("| settings | turns | question end to answer p50 | p90 | max | load (1 min) before / after"
        + " | the node's mean from its end of speech: transcript / first token / first audio / own |");
    System.out.println("|---|---:|---:|---:|---:|---|---|");
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> ANSWER)) {
      for (String name : compared.split(",")) {
        Map.Entry<String, Map<String, String>> settings = SETTINGS.get(name);
        if (settings == null) throw new IllegalArgumentException("no settings " + name + ", only " + SETTINGS.keySet());
        Map<String, String> env = new HashMap<>(Map.of("PARLEY_LLM_BASE_URL", model.baseUrl().toString(),
            "PARLEY_LLM_MODEL", "bench", "PARLEY_SIP_ENABLED", "true", "PARLEY_SIP_HOST", "127.0.0.1",
            "PARLEY_SIP_GREETING", GREETING, "PARLEY_SIP_RTP_PORT_MIN", "21000", "PARLEY_SIP_RTP_PORT_MAX", "21999",
            "PARLEY_SESSION_STARTS_PER_TENANT", "0", "PARLEY_SIP_INVITES_PER_MINUTE", "0"));
        env.put("PARLEY_ANSWER_CACHE", "false");
        env.putAll(settings.getValue());
        String loadBefore = load();
        List<Long> delays = Collections.synchronizedList(new ArrayList<>());
        String split = measure(jar, env, calls, atOnce, turnsPerCall, script, questionFrames, questionEnd, delays);
        List<Long> sorted = new ArrayList<>(delays);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s / %s | %s |%n", settings.getKey(), sorted.size(),
            NodeJvm.percentile(sorted, 0.5), NodeJvm.percentile(sorted, 0.9), NodeJvm.percentile(sorted, 1.0),
            loadBefore, load(), split);
      }
    }
    System.exit(0);
  }

  /**
   * Adds to {@code delays} those of every turn of {@code calls} calls on a node of {@code jar} with
   * {@code env}; returns the node's own split of them ({@link #SPLIT}'s means, as table text).
   */
  private static String measure(Path jar, Map<String, String> env, int calls, int atOnce, int turnsPerCall,
      byte[][] script, int questionFrames, int questionEnd, List<Long> delays) throws Exception {
    int sipPort = PhoneLoad.freePort();
    env.put("PARLEY_SIP_PORT", String.valueOf(sipPort));
    String split;
    try (NodeJvm node = NodeJvm.start(jar, env); PhoneLine line = new PhoneLine(PhoneLoad.freePort());
        Selector selector = Selector.open()) {
      PhoneLoad.Ticker ticker = new PhoneLoad.Ticker();
      Thread listening = new Thread(() -> PhoneLoad.listen(selector), "bench-rtp-in");
      listening.start();
      ticker.start();
      // One unmeasured call first: the node's engines and code paths warm, as on a node in service.
      placeBatch(line, sipPort, 1, turnsPerCall, selector, ticker, script, questionFrames, questionEnd, new ArrayList<>());
      String warmedUp = node.metrics();
      for (int placed = 0; placed < calls; placed += atOnce) {
        placeBatch(line, sipPort, Math.min(atOnce, calls - placed), turnsPerCall, selector, ticker, script, questionFrames,
            questionEnd, delays);
      }
      String measured = node.metrics();
      split = SPLIT.stream().map(name -> NodeJvm.meanMillis(warmedUp, measured, name))
          .map(mean -> mean.isPresent() ? Math.round(mean.getAsDouble()) + " ms" : "-")
          .collect(Collectors.joining(" / "));
      ticker.stop();
      listening.interrupt();
      selector.wakeup();
      listening.join(5_000);
    }
    return split;
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
