package io.parley.voice.local;

import io.parley.voice.speech.TextToSpeech;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's in-process speech engines and the threads they work on: Vosk decodes on one pool
 * (sized to the cores, since decoding is CPU work), with a model per language it hears; speech is
 * synthesised on another (English by flite where installed, else FreeTTS, one thread per pooled
 * voice; other languages by espeak-ng where installed), so a burst of one never starves the other.
 * Closing frees the models' native memory.
 */
public final class LocalEngines implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalEngines.class);

  private final ExecutorService decoding;
  private final ExecutorService synthesis;
  private final VoskModels models;
  private final VoskSpeechToText speechToText;
  private final TextToSpeech textToSpeech;

  private LocalEngines(ExecutorService decoding, ExecutorService synthesis, VoskModels models,
      TextToSpeech textToSpeech) {
    this.decoding = decoding;
    this.synthesis = synthesis;
    this.models = models;
    this.speechToText = new VoskSpeechToText(models, decoding);
    this.textToSpeech = textToSpeech;
  }

  /** Loads the engines (a second or two; the first start on a machine also unpacks the bundled model). */
  public static LocalEngines load(LocalVoiceSettings settings) {
    int cores = Runtime.getRuntime().availableProcessors();
    int voices = Math.max(2, cores);
    ExecutorService decoding = Executors.newFixedThreadPool(cores, daemons("parley-vosk"));
    ExecutorService synthesis = Executors.newFixedThreadPool(voices, daemons("parley-freetts"));
    try {
      Optional<FliteTextToSpeech> flite = settings.speech() == LocalSpeechEngine.FREETTS ? Optional.empty()
          : FliteTextToSpeech.ifInstalled(settings.fliteVoice(), settings.leadingSilenceRms(), synthesis);
      if (settings.speech() == LocalSpeechEngine.FLITE && flite.isEmpty()) {
        throw new IllegalStateException("PARLEY_TTS_LOCAL_ENGINE is flite, but flite with the voice "
            + settings.fliteVoice() + " is not installed (apt-get install flite)");
      }
      TextToSpeech english = flite.<TextToSpeech>map(engine -> engine)
          .orElseGet(() -> FreeTtsTextToSpeech.create(voices, synthesis));
      Optional<EspeakTextToSpeech> others = EspeakTextToSpeech.ifInstalled(settings.leadingSilenceRms(), synthesis);
      LOG.info("local text to speech: {} for English, {} for other languages", english.name(),
          others.map(Object::toString).orElse("none (apt-get install espeak-ng)"));
      VoskModels models = VoskModels.load(settings);
      LOG.info("local speech to text: vosk, models {}", models.directories());
      return new LocalEngines(decoding, synthesis, models, new LanguageVoices(english, others));
    } catch (RuntimeException e) {
      decoding.shutdownNow();
      synthesis.shutdownNow();
      throw e;
    }
  }

  public VoskSpeechToText speechToText() {
    return speechToText;
  }

  public TextToSpeech textToSpeech() {
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
    models.close();
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
