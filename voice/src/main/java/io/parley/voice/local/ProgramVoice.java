package io.parley.voice.local;

import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * A local voice that is a synthesiser program writing a WAV to its standard output (flite,
 * espeak-ng): each sentence is one run of {@link #command} ({@link ProgramSynthesis}); the engine
 * is named after its program.
 */
interface ProgramVoice extends TextToSpeech {
  /** The installed program. */
  Path program();

  /** A sentence's lead-in quieter than this is cut (0: kept). */
  int leadingSilenceRms();

  /** Where the programs are run and their output read, never the caller's thread. */
  Executor synthesis();

  /** The program and its arguments that speak {@code request}. */
  List<String> command(SpeechRequest request);

  /** What the program reads on its standard input: the text, where an argument could be taken for an option. */
  default Optional<String> input(SpeechRequest request) {
    return Optional.empty();
  }

  @Override
  default String name() {
    return program().getFileName().toString();
  }

  @Override
  default Synthesis speak(SpeechRequest request, SpeechListener listener) {
    return ProgramSynthesis.start(name(), command(request), input(request), leadingSilenceRms(), synthesis(), listener);
  }
}
