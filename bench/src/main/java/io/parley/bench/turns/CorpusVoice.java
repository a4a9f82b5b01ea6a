package io.parley.bench.turns;

import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.media.Resampler;
import io.parley.voice.media.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A corpus phrase said aloud at bench time, at the phone's 8 kHz: flite for English, espeak-ng for
 * the other languages (flite has English voices only). Each phrase is cut to its voiced frames, so
 * the pauses between phrases are exactly the corpus's.
 */
public final class CorpusVoice {
  public static final int RATE = 8_000;

  private CorpusVoice() {}

  /** {@code text} in {@code language}, from its first voiced 20 ms frame to its last. */
  public static short[] say(String language, String text) throws IOException, InterruptedException {
    Path wav = Files.createTempFile("parley-corpus", ".wav");
    try {
      List<String> command = language.equals("en")
          ? List.of("flite", "-t", text, "-o", wav.toString())
          : List.of("espeak-ng", "-v", language, "-w", wav.toString(), text);
      Process synthesis = new ProcessBuilder(command).redirectErrorStream(true).start();
      synthesis.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (!synthesis.waitFor(60, TimeUnit.SECONDS) || synthesis.exitValue() != 0) {
        throw new IOException(command.get(0) + " failed on \"" + text + "\"");
      }
      AudioChunk audio = Wav.read(Files.readAllBytes(wav));
      return EnergyVoiceActivity.defaults(RATE).voicedPart(Resampler.resample(audio.samples(), audio.sampleRate(), RATE), 0.5);
    } finally {
      Files.deleteIfExists(wav);
    }
  }
}
