package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node stopped by SIGTERM in its first seconds, while it loads its models in the background (the
 * embedding model, the sample articles' embeddings, Silero VAD and Vosk), shuts down cleanly: exit
 * 143 and no JVM crash report. ONNX Runtime frees its native environment in a JVM shutdown hook of
 * its own, which once ran beside those loads and crashed the JVM in {@code libonnxruntime.so}.
 *
 * <p>Each node JVM runs in a directory of its own (where a crashing JVM writes its
 * {@code hs_err_pid*.log}), four at a time. The crash needs the shutdown hook to run while ONNX
 * Runtime is in use, so the stops are not many blind repetitions but ten chosen moments, each taken
 * from the node's log rather than a clock (a busy machine stretches the start, so the class runs
 * beside others), spread over the phases the log marks:
 * <ul>
 *   <li>the start before any load ({@value #STARTING}, then 1.5 s later): no native library in
 *       use, the hook must not crash an environment that was never made;
 *   <li>the moment the node listens and the loads begin, and 0.25, 0.5 and 1 s after: ONNX
 *       Runtime's environment being created for the embedding model (about half a second) beside
 *       Silero VAD and Vosk loading;
 *   <li>readiness, which follows while those loads run;
 *   <li>the embedding model logged as loaded ({@value #EMBEDDINGS_LOADED}), then 0.5 and 1.5 s later:
 *       the sample articles' embeddings running inference on it.
 * </ul>
 * Each phase is stopped at its start and inside it; later moments of a node's first 30 s find its
 * loads done and would only cost time. Nor may a stop log an error: the loads it cuts short give up
 * quietly.
 */
class SigtermAtStartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int AT_ONCE = 4;
  /** The JVM's exit status after SIGTERM: 128 + 15. */
  private static final int TERMINATED = 143;
  /** The first line a starting node logs, before its actor system and HTTP port. */
  private static final String STARTING = "Migrating schema";
  /** Logged once bound, as the models begin to load. */
  private static final String LISTENING = "Parley node listening";
  /** Logged once the embedding model is loaded, as the sample articles' embeddings begin. */
  private static final String EMBEDDINGS_LOADED = "Loaded the all-MiniLM-L6-v2 embedding model";
  private static final List<KillMoment> MOMENTS = List.of(
      new AfterLogging(STARTING, 0), new AfterLogging(STARTING, 1500),
      new AfterLogging(LISTENING, 0), new AfterLogging(LISTENING, 250), new AfterLogging(LISTENING, 500),
      new AfterLogging(LISTENING, 1000),
      new AtReadiness(),
      new AfterLogging(EMBEDDINGS_LOADED, 0), new AfterLogging(EMBEDDINGS_LOADED, 500),
      new AfterLogging(EMBEDDINGS_LOADED, 1500));

  @TempDir Path runs;

  @Test
  void sigtermInTheFirstSecondsShutsDownCleanly() throws Exception {
    ExecutorService starter = Executors.newFixedThreadPool(AT_ONCE);
    List<Future<String>> outcomes = new ArrayList<>();
    try {
      for (int run = 0; run < MOMENTS.size(); run++) {
        Path dir = Files.createDirectory(runs.resolve("run-" + run));
        KillMoment moment = MOMENTS.get(run);
        outcomes.add(starter.submit(() -> stopOnce(dir, moment)));
      }
      List<String> failures = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        String failure = outcome.get(5, TimeUnit.MINUTES);
        if (!failure.isEmpty()) failures.add(failure);
      }
      assertTrue(failures.isEmpty(), failures.size() + " of " + MOMENTS.size() + " stops failed:\n"
          + String.join("\n", failures));
    } finally {
      starter.shutdownNow();
    }
  }

  /** Starts a node in {@code dir}, stops it at {@code moment}; empty when it exited cleanly, else what went wrong. */
  private static String stopOnce(Path dir, KillMoment moment) throws Exception {
    Map<String, String> env = Map.of(
        "PARLEY_DATA_DIR", dir.resolve("data").toString(),
        "PARLEY_VOICE_MODEL_CACHE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "parley-models").toString(),
        "PARLEY_VOICE_WARM_UP", "true",
        // The first connection of a JVM among several starting at once can take more than the 5 s default.
        "PARLEY_DB_CONNECTION_TIMEOUT", "30s",
        "PARLEY_TENANTS", "",
        // Each node binds ports of the OS's choice: a port found free beforehand may be taken by
        // another JVM starting beside it before this one binds. None is restarted on its ports.
        "PARLEY_HTTP_PORT", "0",
        "PARLEY_MANAGEMENT_PORT", "0",
        "PARLEY_CLUSTER_PORT", "0");
    try (NodeProcess node = NodeProcess.startIn(dir, env, List.of())) {
      long started = System.nanoTime();
      moment.await(node);
      long killedAtMs = (System.nanoTime() - started) / 1_000_000;
      int exit = node.terminate();
      List<Path> crashReports;
      try (Stream<Path> files = Files.list(dir)) {
        crashReports = files.filter(file -> file.getFileName().toString().startsWith("hs_err_pid")).toList();
      }
      List<String> errors = node.output().lines().filter(line -> line.contains("\"level\":\"ERROR\"")).toList();
      if (exit == TERMINATED && crashReports.isEmpty() && errors.isEmpty()) return "";
      // Says whether the stop gave up waiting for ONNX Runtime before a crash in it.
      List<String> onnxWarnings = node.output().lines()
          .filter(line -> line.contains("\"level\":\"WARN\"") && line.contains("ONNX Runtime")).toList();
      return dir.getFileName() + " " + moment + " (SIGTERM " + killedAtMs + " ms after the start): exit " + exit
          + crashReports.stream().map(SigtermAtStartTest::problematicFrame).reduce("", String::concat)
          + errors.stream().map(error -> "\n  logged " + messageOf(error)).reduce("", String::concat)
          + onnxWarnings.stream().map(warning -> "\n  warned " + messageOf(warning)).reduce("", String::concat);
    }
  }

  /** A JSON log line's message and the start of its stack trace, which says enough. */
  private static String messageOf(String logLine) {
    try {
      JsonNode line = JSON.readTree(logLine);
      String trace = line.path("stack_trace").asText();
      return line.path("message").asText() + (trace.isEmpty() ? "" : ": " + trace.substring(0, Math.min(300, trace.length())));
    } catch (IOException e) {
      return logLine;
    }
  }

  /** The crash report's lines that name the thread and the native frame, the rest being of no use here. */
  private static String problematicFrame(Path report) {
    try {
      return "\n  " + report.getFileName() + ": " + String.join("\n    ", Files.readAllLines(report).stream()
          .filter(line -> line.startsWith("# C  [") || line.startsWith("# Problematic frame") || line.startsWith("Current thread")
              || line.startsWith("j  ") && line.contains("onnxruntime"))
          .limit(6).toList());
    } catch (IOException e) {
      return "\n  " + report + " unreadable: " + e;
    }
  }

  private sealed interface KillMoment {
    void await(NodeProcess node) throws Exception;
  }

  /** As soon as {@code /health/ready} answers 200: the loads start then. */
  private record AtReadiness() implements KillMoment {
    @Override
    public void await(NodeProcess node) throws Exception {
      node.awaitReady();
    }
  }

  /** {@code delayMs} after the node logs a line containing {@code line}. */
  private record AfterLogging(String line, int delayMs) implements KillMoment {
    @Override
    public void await(NodeProcess node) throws Exception {
      node.awaitOutput(line);
      Thread.sleep(delayMs); // the kill lands this long into the step the line starts
    }
  }
}
