package io.parley.voice.local;

import io.parley.voice.speech.SpeechLanguage;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import java.util.Optional;

/**
 * The node's own voice in each language: English by the English engine (flite or FreeTTS), every
 * other language espeak-ng speaks by espeak-ng. A language neither speaks is read by the English
 * engine, so a call is never silent; the call tells the caller it cannot speak their language.
 */
final class LanguageVoices implements TextToSpeech {
  private final TextToSpeech english;
  private final Optional<EspeakTextToSpeech> others;

  LanguageVoices(TextToSpeech english, Optional<EspeakTextToSpeech> others) {
    this.english = english;
    this.others = others;
  }

  @Override
  public String name() {
    return english.name();
  }

  @Override
  public boolean speaks(String language) {
    return english.speaks(language) || others.filter(engine -> engine.speaks(language)).isPresent();
  }

  @Override
  public TextToSpeech speaking(String language) {
    if (SpeechLanguage.isEnglish(language)) return english;
    return others.filter(engine -> engine.speaks(language)).<TextToSpeech>map(engine -> engine).orElse(english);
  }

  @Override
  public Synthesis speak(SpeechRequest request, SpeechListener listener) {
    return speaking(request.languageOrEnglish()).speak(request, listener);
  }
}
