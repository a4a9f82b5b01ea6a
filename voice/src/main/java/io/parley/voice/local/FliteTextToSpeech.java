package io.parley.voice.local;

import io.parley.voice.media.LeadingSilence;
import io.parley.voice.speech.SpeechLanguage;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Local text-to-speech with the {@code flite} program (Debian package {@code flite}), where it is
 * installed: better voices than FreeTTS (slt, rms, awb) at a similar speed, tens of milliseconds
 * per sentence, in English only. One process per sentence ({@link ProgramSynthesis}), without the
 * 200 ms or so of quiet flite starts each sentence with ({@link LeadingSilence}: the caller would
 * wait through it before the answer starts; the quiet at a sentence's end still parts it from the
 * next). The text is passed as one argument, never through a shell.
 */
final class FliteTextToSpeech implements TextToSpeech {
  private static final List<Path> LOCATIONS = List.of(Path.of("/usr/bin/flite"), Path.of("/usr/local/bin/flite"));

  private final Path program;
  private final String voice;
  private final int leadingSilenceRms;
  private final Executor synthesis;

  private FliteTextToSpeech(Path program, String voice, int leadingSilenceRms, Executor synthesis) {
    this.program = program;
    this.voice = voice;
    this.leadingSilenceRms = leadingSilenceRms;
    this.synthesis = synthesis;
  }

  /**
   * The engine when flite is installed and has {@code voice} (e.g. {@code slt}); empty otherwise.
   * A sentence's lead-in quieter than {@code leadingSilenceRms} is cut (0: kept).
   */
  static Optional<FliteTextToSpeech> ifInstalled(String voice, int leadingSilenceRms, Executor synthesis) {
    return LOCATIONS.stream().filter(Files::isExecutable).findFirst()
        .filter(program -> voices(program).contains(voice))
        .map(program -> new FliteTextToSpeech(program, voice, leadingSilenceRms, synthesis));
  }

  private static List<String> voices(Path program) {
    return List.of(ProgramSynthesis.output(program, "-lv").replace("Voices available:", "").trim().split("\\s+"));
  }

  @Override
  public String name() {
    return "flite";
  }

  @Override
  public boolean speaks(String language) {
    return SpeechLanguage.isEnglish(language);
  }

  @Override
  public Synthesis speak(SpeechRequest request, SpeechListener listener) {
    return ProgramSynthesis.start(name(), List.of(program.toString(), "-voice", voice,
            "--setf", "duration_stretch=" + (1 / request.speed()), "-t", request.text(), "-o", "/dev/stdout"),
        Optional.empty(), leadingSilenceRms, synthesis, listener);
  }
}
