package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-band keys: generated DTMF tones (Q.23's frequencies) are read as their keys, once each, through
 * noise and the twist a line allows; tones too short, too lopsided or too quiet are not keys; and
 * speech synthesized by flite, numbers spoken included, gives no key.
 */
class ToneDetectorTest {
  private static final double[] ROWS = {697, 770, 852, 941};
  private static final double[] COLUMNS = {1209, 1336, 1477, 1633};
  private static final String[] KEYS = {"123A", "456B", "789C", "*0#D"};

  @Test
  void everyKeyPressedFor45MsIsReadOnce() {
    StringBuilder audio = new StringBuilder();
    short[] call = concat(silence(200));
    for (char key : "0123456789*#ABCD".toCharArray()) {
      call = concat(call, tone(key, 45, 6000, 6000, 0), silence(45));
      audio.append(key);
    }
    assertEquals(audio.toString(), detect(call));
  }

  @Test
  void aLongPressIsOneKeyAndTheSameKeyTwiceIsTwoKeys() {
    assertEquals("5", detect(concat(tone('5', 900, 5000, 5000, 0), silence(100))));
    assertEquals("77", detect(concat(tone('7', 70, 5000, 5000, 0), silence(50), tone('7', 70, 5000, 5000, 0), silence(60))));
    assertEquals("7", detect(concat(tone('7', 70, 5000, 5000, 0), silence(10), tone('7', 70, 5000, 5000, 0), silence(60))),
        "a dropout of 10 ms within a press is no second key");
  }

  @Test
  void noiseAndTheTwistOfALineStillGiveTheKeys() {
    short[] call = concat(noise(100, 300), tone('1', 80, 4000, 6000, 300), noise(80, 300),
        tone('9', 80, 6000, 2500, 300), noise(80, 300), tone('#', 80, 4000, 4000, 300), noise(100, 300));
    assertEquals("19#", detect(call));
  }

  @Test
  void tonesTooShortTooLopsidedOrTooQuietAreNoKeys() {
    assertEquals("", detect(concat(tone('4', 25, 6000, 6000, 0), silence(100))), "25 ms is a click, not a press");
    assertEquals("", detect(concat(tone('4', 100, 500, 8000, 0), silence(100))), "the column 24 dB above the row");
    assertEquals("", detect(concat(tone('4', 100, 8000, 600, 0), silence(100))), "the row 22 dB above the column");
    assertEquals("", detect(concat(tone('4', 100, 200, 200, 0), silence(100))), "too quiet");
    assertEquals("", detect(concat(single(770, 100, 8000), silence(100))), "one tone alone");
  }

  @Test
  void fliteSpeakingNumbersGivesNoKey(@TempDir Path work) throws Exception {
    String text = "Hello, my account number is four seven one one, and my PIN is one two three four. "
        + "Could you press one for me? The hash key and the star key are on the bottom row. Thank you very much!";
    for (String voice : new String[] {"kal", "slt", "awb", "rms"}) {
      short[] speech = flite(work, voice, text);
      assertTrue(speech.length > 8000 * 3, voice + " spoke " + speech.length + " samples");
      assertEquals("", detect(speech), "flite's " + voice + " voice is speech, not keys");
      assertEquals("", detect(louder(speech, 4)), "flite's " + voice + " voice, loud");
    }
  }

  /** flite's {@code voice} saying {@code text}, at 8 kHz. Fails, never skips, without flite. */
  private static short[] flite(Path work, String voice, String text) throws IOException, InterruptedException {
    Path wav = work.resolve(voice + ".wav");
    Process flite;
    try {
      flite = new ProcessBuilder("flite", "-voice", voice, "-t", text, "-o", wav.toString()).redirectErrorStream(true).start();
    } catch (IOException missing) {
      throw new AssertionError("flite is not installed: apt-get install -y flite", missing);
    }
    assertTrue(flite.waitFor(60, TimeUnit.SECONDS) && flite.exitValue() == 0, new String(flite.getInputStream().readAllBytes()));
    AudioChunk audio = Wav.read(Files.readAllBytes(wav));
    return audio.sampleRate() == 8000 ? audio.samples() : Resampler.resample(audio.samples(), audio.sampleRate(), 8000);
  }

  /** What the detector reads from {@code audio}, fed in 20 ms frames as a call's are. */
  private static String detect(short[] audio) {
    ToneDetector detector = new ToneDetector();
    StringBuilder keys = new StringBuilder();
    for (int at = 0; at + 160 <= audio.length; at += 160) {
      detector.frame(Arrays.copyOfRange(audio, at, at + 160)).ifPresent(keys::append);
    }
    return keys.toString();
  }

  private static short[] tone(char key, int millis, double rowAmplitude, double columnAmplitude, double noise) {
    for (int r = 0; r < 4; r++) {
      int c = KEYS[r].indexOf(key);
      if (c >= 0) {
        short[] samples = new short[millis * 8];
        Random random = new Random(key);
        for (int i = 0; i < samples.length; i++) {
          double t = i / 8000.0;
          samples[i] = clip(rowAmplitude * Math.sin(2 * Math.PI * ROWS[r] * t)
              + columnAmplitude * Math.sin(2 * Math.PI * COLUMNS[c] * t) + noise * random.nextGaussian());
        }
        return samples;
      }
    }
    throw new IllegalArgumentException("no key " + key);
  }

  private static short[] single(double frequency, int millis, double amplitude) {
    short[] samples = new short[millis * 8];
    for (int i = 0; i < samples.length; i++) samples[i] = clip(amplitude * Math.sin(2 * Math.PI * frequency * i / 8000.0));
    return samples;
  }

  private static short[] noise(int millis, double level) {
    Random random = new Random(millis);
    short[] samples = new short[millis * 8];
    for (int i = 0; i < samples.length; i++) samples[i] = clip(level * random.nextGaussian());
    return samples;
  }

  private static short[] silence(int millis) {
    return new short[millis * 8];
  }

  private static short[] louder(short[] samples, double gain) {
    short[] louder = new short[samples.length];
    for (int i = 0; i < samples.length; i++) louder[i] = clip(samples[i] * gain);
    return louder;
  }

  private static short clip(double value) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value)));
  }

  private static short[] concat(short[]... parts) {
    int length = 0;
    for (short[] part : parts) length += part.length;
    short[] all = new short[length];
    int at = 0;
    for (short[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
