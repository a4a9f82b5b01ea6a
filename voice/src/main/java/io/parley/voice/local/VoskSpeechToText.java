package io.parley.voice.local;

import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.TranscriptListener;
import java.util.concurrent.Executor;

/**
 * Local speech-to-text with Vosk: in-process, no network, no key. One model per language the node
 * hears ({@link VoskModels}), one recogniser per stream, each stream's frames decoded in order on a
 * small shared pool (decoding is CPU work, about half of real time on one core), never on the
 * caller's thread. A stream hears English until told the caller's language.
 */
public final class VoskSpeechToText implements SpeechToText {
  private final VoskModels models;
  private final Executor decoding;

  VoskSpeechToText(VoskModels models, Executor decoding) {
    this.models = models;
    this.decoding = decoding;
  }

  @Override
  public String name() {
    return "vosk";
  }

  @Override
  public int sampleRate() {
    return VoskModel.SAMPLE_RATE;
  }

  @Override
  public boolean hears(String language) {
    return models.of(language).isPresent();
  }

  @Override
  public RecognitionStream open(TranscriptListener listener, int sampleRate) {
    if (sampleRate != VoskModel.SAMPLE_RATE) {
      throw new IllegalArgumentException("the model takes " + VoskModel.SAMPLE_RATE + " Hz, not " + sampleRate);
    }
    return VoskStream.open(models, decoding, listener);
  }
}
