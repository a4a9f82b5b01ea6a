package io.parley.voice.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the in-process engines find their files and which one speaks.
 *
 * @param voskModelDir the English Vosk model to use instead of the bundled small one
 * @param modelCacheDir where the bundled model is unpacked, once per machine
 * @param fliteVoice the voice flite speaks with, when flite speaks
 * @param leadingSilenceRms the loudness (RMS of 5 ms) below which flite's lead-in before a sentence
 *     is cut; 0 keeps it
 * @param sttModels a Vosk model directory per language (ISO 639-1) other than the English one
 */
public record LocalVoiceSettings(Optional<Path> voskModelDir, Path modelCacheDir, LocalSpeechEngine speech,
    String fliteVoice, int leadingSilenceRms, Map<String, Path> sttModels) {
  public LocalVoiceSettings {
    sttModels = Map.copyOf(sttModels);
  }

  /** Settings with the English model alone. */
  public LocalVoiceSettings(Optional<Path> voskModelDir, Path modelCacheDir, LocalSpeechEngine speech,
      String fliteVoice, int leadingSilenceRms) {
    this(voskModelDir, modelCacheDir, speech, fliteVoice, leadingSilenceRms, Map.of());
  }

  /**
   * Reads {@code language=directory} pairs separated by commas ({@code de=/models/vosk-model-small-de-0.15}).
   *
   * @throws IllegalArgumentException naming the form expected, for anything else
   */
  public static Map<String, Path> sttModels(String pairs) {
    Map<String, Path> models = new LinkedHashMap<>();
    for (String pair : pairs.split(",")) {
      if (pair.isBlank()) continue;
      String[] parts = pair.split("=", 2);
      String language = parts[0].strip();
      if (parts.length != 2 || !language.matches("[a-z]{2,3}") || parts[1].isBlank()) {
        throw new IllegalArgumentException("expected language=directory pairs separated by commas, such as"
            + " de=/models/vosk-model-small-de-0.15, got " + pair.strip());
      }
      models.put(language, Path.of(parts[1].strip()).toAbsolutePath());
    }
    return models;
  }
}
