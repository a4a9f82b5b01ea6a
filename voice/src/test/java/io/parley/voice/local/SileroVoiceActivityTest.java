package io.parley.voice.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.onnx.OnnxRuntimeGate;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.media.VoiceActivityStream;
import io.parley.voice.testing.TestSpeech;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Silero hears speech (FreeTTS's) and not silence or noise, frame by frame as a call feeds it. */
class SileroVoiceActivityTest {
  private static SileroVoiceActivity silero;

  @BeforeAll
  static void load() {
    silero = SileroVoiceActivity.load(EnergyVoiceActivity.defaults(SileroVoiceActivity.SAMPLE_RATE));
  }

  @AfterAll
  static void unload() {
    silero.close();
  }

  @Test
  void speechIsSpeechAndSilenceAndNoiseAreNot() throws Exception {
    short[] speech = TestSpeech.say("Hello, I would like to know where my parcel is, please.", 16_000);
    double speechShare = share(silero.open(), speech);
    assertTrue(speechShare > 0.6, "most frames of speech are speech: " + speechShare);

    assertTrue(share(silero.open(), new short[16_000 * 2]) == 0, "digital silence");
    Random random = new Random(7);
    short[] noise = new short[16_000 * 2];
    for (int i = 0; i < noise.length; i++) noise[i] = (short) (random.nextGaussian() * 300);
    double noiseShare = share(silero.open(), noise);
    assertTrue(noiseShare < 0.1, "low white noise is not speech: " + noiseShare);
  }

  /** A caller listening in silence for three seconds costs the first 1.5 s of inferences, and is heard at once after. */
  @Test
  void silenceRestsTheNetworkAndSpeechAfterItIsHeard() throws Exception {
    SileroVoiceActivity.Stream stream = (SileroVoiceActivity.Stream) silero.open();
    Random random = new Random(11);
    short[] lineNoise = new short[16_000 * 3];
    for (int i = 0; i < lineNoise.length; i++) lineNoise[i] = (short) (random.nextGaussian() * 10);
    for (int offset = 0; offset < lineNoise.length; offset += 320) {
      assertTrue(stream.speechProbability(Arrays.copyOfRange(lineNoise, offset, offset + 320)) < 0.5);
    }
    assertEquals(SileroVoiceActivity.QUIET_WINDOWS_TO_REST - 1, stream.inferences(),
        "the network rests after 1.5 s of quiet, for the other half of 93 windows");

    short[] speech = TestSpeech.say("Hello, I would like to know where my parcel is, please.", 16_000);
    double speechShare = share(stream, speech);
    assertTrue(speechShare > 0.6, "most frames of speech after the silence are speech: " + speechShare);
  }

  /** A caller thinking for a second mid-sentence is still judged by the network throughout. */
  @Test
  void aPauseWithinAnUtteranceKeepsTheNetwork() throws Exception {
    short[] words = TestSpeech.say("I ordered a blue jacket", 16_000);
    short[] pausedSentence = new short[words.length * 2 + 16_000];
    System.arraycopy(words, 0, pausedSentence, 0, words.length);
    System.arraycopy(words, 0, pausedSentence, words.length + 16_000, words.length);
    SileroVoiceActivity.Stream stream = (SileroVoiceActivity.Stream) silero.open();
    share(stream, pausedSentence);
    assertEquals((pausedSentence.length / 320 * 320) / 512, stream.inferences(), "no window skipped");
  }

  /** A call still draining when the process stops hears by loudness, and ONNX Runtime is not called again. */
  @Test
  void onceItsGateClosesAStreamJudgesByLoudnessAlone() throws Exception {
    OnnxRuntimeGate gate = new OnnxRuntimeGate();
    EnergyVoiceActivity loudness = EnergyVoiceActivity.defaults(SileroVoiceActivity.SAMPLE_RATE);
    byte[] model;
    try (InputStream in = SileroVoiceActivity.class.getResourceAsStream("silero_vad.onnx")) {
      model = in.readAllBytes();
    }
    SileroVoiceActivity own = SileroVoiceActivity.load(model, gate, loudness);
    SileroVoiceActivity.Stream stream = (SileroVoiceActivity.Stream) own.open();
    short[] speech = TestSpeech.say("Hello, I would like to know where my parcel is, please.", 16_000);
    int half = speech.length / 2 / 320 * 320;
    for (int offset = 0; offset < half; offset += 320) stream.speechProbability(Arrays.copyOfRange(speech, offset, offset + 320));
    long inferences = stream.inferences();
    assertTrue(inferences > 0);

    assertTrue(gate.close(Duration.ofSeconds(5)));
    int loud = 0;
    for (int offset = half; offset + 320 <= speech.length; offset += 320) {
      short[] frame = Arrays.copyOfRange(speech, offset, offset + 320);
      double probability = stream.speechProbability(frame);
      assertEquals(loudness.probability(frame), probability);
      if (probability >= 0.5) loud++;
    }
    assertTrue(loud > 0, "the speech is still heard");
    assertEquals(inferences, stream.inferences(), "the network is not run once the gate is closed");
    own.close();
  }

  /** The share of 20 ms frames whose probability is at least one half. */
  private static double share(VoiceActivityStream stream, short[] audio) {
    int frames = 0;
    int speaking = 0;
    for (int offset = 0; offset + 320 <= audio.length; offset += 320) {
      frames++;
      if (stream.speechProbability(Arrays.copyOfRange(audio, offset, offset + 320)) >= 0.5) speaking++;
    }
    stream.close();
    return (double) speaking / frames;
  }
}
