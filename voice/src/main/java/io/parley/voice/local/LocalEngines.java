package io.parley.voice.local;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's in-process speech engines and the threads they work on: Vosk decodes on one pool
 * (sized to the cores, since decoding is CPU work), FreeTTS synthesises on another (one thread per
 * pooled voice), so a burst of one never starves the other. Closing frees the model's native memory.
 */
public final class LocalEngines implements AutoCloseable {
  private final ExecutorService decoding;
  private final ExecutorService synthesis;
  private final VoskModel model;
  private final VoskSpeechToText speechToText;
  private final FreeTtsTextToSpeech textToSpeech;

  private LocalEngines(ExecutorService decoding, ExecutorService synthesis, VoskModel model,
      FreeTtsTextToSpeech textToSpeech) {
    this.decoding = decoding;
    this.synthesis = synthesis;
    this.model = model;
    this.speechToText = new VoskSpeechToText(model, decoding);
    this.textToSpeech = textToSpeech;
  }

  /**
   * Loads the engines (a second or two; the first start on a machine also unpacks the bundled model).
   *
   * @param modelDir a Vosk model directory to use instead of the bundled English one
   * @param cacheDir where the bundled model is unpacked
   */
  public static LocalEngines load(Optional<Path> modelDir, Path cacheDir) {
    int cores = Runtime.getRuntime().availableProcessors();
    int voices = Math.max(2, cores);
    ExecutorService decoding = Executors.newFixedThreadPool(cores, daemons("parley-vosk"));
    ExecutorService synthesis = Executors.newFixedThreadPool(voices, daemons("parley-freetts"));
    try {
      return new LocalEngines(decoding, synthesis, VoskModel.load(modelDir, cacheDir),
          FreeTtsTextToSpeech.create(voices, synthesis));
    } catch (RuntimeException e) {
      decoding.shutdownNow();
      synthesis.shutdownNow();
      throw e;
    }
  }

  public VoskSpeechToText speechToText() {
    return speechToText;
  }

  public FreeTtsTextToSpeech textToSpeech() {
    return textToSpeech;
  }

  @Override
  public void close() {
    synthesis.shutdownNow();
    decoding.shutdownNow();
    try {
      // A recogniser still decoding uses the model: free it only once the pool is idle.
      decoding.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    model.close();
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
