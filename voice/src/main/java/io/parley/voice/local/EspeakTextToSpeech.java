package io.parley.voice.local;

import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Local text-to-speech with the {@code espeak-ng} program (Debian package {@code espeak-ng}), where
 * it is installed, for the languages flite does not speak: a formant voice, robotic but clear,
 * in a hundred languages, a few milliseconds per sentence. One process per sentence
 * ({@link ProgramSynthesis}: {@code espeak-ng -v <language> --stdout} writes a WAV at 22,050 Hz,
 * which the call resamples to its own rate). The text goes through standard input, so a sentence
 * opening with a dash is never taken for an option.
 */
final class EspeakTextToSpeech implements TextToSpeech {
  private static final List<Path> LOCATIONS = List.of(Path.of("/usr/bin/espeak-ng"), Path.of("/usr/local/bin/espeak-ng"));
  /** espeak-ng's own speed, in words a minute, at speed 1.0. */
  private static final int WORDS_PER_MINUTE = 175;

  private final Path program;
  private final Set<String> languages;
  private final int leadingSilenceRms;
  private final Executor synthesis;

  private EspeakTextToSpeech(Path program, Set<String> languages, int leadingSilenceRms, Executor synthesis) {
    this.program = program;
    this.languages = languages;
    this.leadingSilenceRms = leadingSilenceRms;
    this.synthesis = synthesis;
  }

  /** The engine when espeak-ng is installed; empty otherwise. */
  static Optional<EspeakTextToSpeech> ifInstalled(int leadingSilenceRms, Executor synthesis) {
    return LOCATIONS.stream().filter(Files::isExecutable).findFirst()
        .map(program -> new EspeakTextToSpeech(program, languages(program), leadingSilenceRms, synthesis))
        .filter(engine -> !engine.languages.isEmpty());
  }

  /** The primary subtags of the voices {@code espeak-ng --voices} lists (its second column: {@code de}, {@code pt-br}). */
  private static Set<String> languages(Path program) {
    return ProgramSynthesis.output(program, "--voices").lines().skip(1).map(line -> line.trim().split("\\s+"))
        .filter(columns -> columns.length > 1)
        .map(columns -> columns[1].split("-")[0].toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String name() {
    return "espeak-ng";
  }

  @Override
  public boolean speaks(String language) {
    return languages.contains(language);
  }

  @Override
  public Synthesis speak(SpeechRequest request, SpeechListener listener) {
    String words = String.valueOf(Math.round(WORDS_PER_MINUTE * request.speed()));
    return ProgramSynthesis.start(name(), List.of(program.toString(), "-v", request.languageOrEnglish(), "-s", words,
        "--stdout"), Optional.of(request.text()), leadingSilenceRms, synthesis, listener);
  }

  @Override
  public String toString() {
    return name() + " " + Arrays.toString(languages.stream().sorted().toArray());
  }
}
