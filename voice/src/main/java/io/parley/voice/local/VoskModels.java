package io.parley.voice.local;

import io.parley.voice.speech.SpeechLanguage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Vosk models of a node, one per language it hears: English (the bundled small model, or the
 * one configured instead), and each of {@code PARLEY_STT_MODELS}. All are loaded at start, so a
 * directory that holds no model fails the start rather than a caller.
 */
record VoskModels(Map<String, VoskModel> byLanguage) implements AutoCloseable {
  static VoskModels load(LocalVoiceSettings settings) {
    // Into the model cache, not anew into /tmp by each JVM; a second load at once waits for the first's copy.
    VoskLibraries.unpackInto(settings.modelCacheDir());
    Map<String, VoskModel> models = new LinkedHashMap<>();
    try {
      models.put(SpeechLanguage.ENGLISH, VoskModel.load(settings.voskModelDir(), settings.modelCacheDir()));
      settings.sttModels().forEach((language, directory) ->
          models.put(language, VoskModel.load(Optional.of(directory), settings.modelCacheDir())));
    } catch (RuntimeException e) {
      models.values().forEach(VoskModel::close);
      throw e;
    }
    return new VoskModels(Map.copyOf(models));
  }

  VoskModel english() {
    return byLanguage.get(SpeechLanguage.ENGLISH);
  }

  /** The model of {@code language}, if the node has one. */
  Optional<VoskModel> of(String language) {
    return Optional.ofNullable(byLanguage.get(language));
  }

  @Override
  public void close() {
    byLanguage.values().forEach(VoskModel::close);
  }

  /** The directory of each language's model, for logs. */
  Map<String, Path> directories() {
    Map<String, Path> directories = new LinkedHashMap<>();
    byLanguage.forEach((language, model) -> directories.put(language, model.directory()));
    return directories;
  }
}
