package io.parley.voice.local;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import io.parley.voice.speech.SpeechLanguage;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import io.parley.voice.speech.VoiceEngineException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Local text-to-speech with FreeTTS and its voice kevin16 (16 kHz): pure Java, in-process, a few
 * milliseconds per sentence once warm. A FreeTTS voice is not thread-safe, so the engine keeps a
 * small pool of them, one per synthesis at a time; syntheses run on the given executor, never on
 * the caller's thread, and their audio is captured as it is produced rather than played.
 */
public final class FreeTtsTextToSpeech implements TextToSpeech {
  public static final int SAMPLE_RATE = 16_000;
  private static final String VOICE = "kevin16";

  private final BlockingQueue<Voice> voices;
  private final Executor synthesis;

  private FreeTtsTextToSpeech(BlockingQueue<Voice> voices, Executor synthesis) {
    this.voices = voices;
    this.synthesis = synthesis;
  }

  /** An engine with {@code poolSize} voices, each loaded now (the first takes about a second). */
  public static FreeTtsTextToSpeech create(int poolSize, Executor synthesis) {
    System.setProperty("freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory");
    BlockingQueue<Voice> voices = new ArrayBlockingQueue<>(poolSize);
    for (int i = 0; i < poolSize; i++) {
      Voice voice = VoiceManager.getInstance().getVoice(VOICE);
      if (voice == null) throw new IllegalStateException("FreeTTS has no voice " + VOICE + " on the classpath");
      voice.allocate();
      voices.add(voice);
    }
    return new FreeTtsTextToSpeech(voices, synthesis);
  }

  @Override
  public String name() {
    return "freetts";
  }

  @Override
  public boolean speaks(String language) {
    return SpeechLanguage.isEnglish(language);
  }

  @Override
  public Synthesis speak(SpeechRequest request, SpeechListener listener) {
    AtomicBoolean cancelled = new AtomicBoolean();
    synthesis.execute(() -> {
      if (cancelled.get()) return;
      Voice voice;
      try {
        voice = voices.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        voice.setDurationStretch((float) (1 / request.speed()));
        voice.setAudioPlayer(new CapturedAudio(SAMPLE_RATE, listener, cancelled));
        boolean spoken = voice.speak(request.text());
        if (cancelled.get()) return;
        if (spoken) {
          listener.onDone();
        } else {
          listener.onFailure(new VoiceEngineException(name(), "FreeTTS could not speak the text"));
        }
      } catch (RuntimeException e) {
        if (!cancelled.get()) listener.onFailure(new VoiceEngineException(name(), "FreeTTS failed: " + e, e));
      } finally {
        voices.add(voice);
      }
    });
    return () -> cancelled.set(true);
  }
}
