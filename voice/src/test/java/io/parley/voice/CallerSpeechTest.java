package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.voice.EnergyVoiceActivity;
import io.parley.core.voice.RecognitionStream;
import io.parley.core.voice.TurnDetector;
import io.parley.core.voice.TurnSettings;
import io.parley.core.voice.VoiceActivityDetector;
import io.parley.core.voice.VoiceActivityStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A caller's frames on their way to the detector and the recogniser. */
class CallerSpeechTest {
  private final List<short[]> recognised = new ArrayList<>();
  private final RecognitionStream recogniser = new RecognitionStream() {
    @Override
    public void accept(short[] frame) {
      recognised.add(frame);
    }

    @Override
    public void endUtterance() {}

    @Override
    public void close() {}
  };

  /** Energy's judgement, at 16 kHz unless given less; keeps every frame it judged. */
  private final List<short[]> judged = new ArrayList<>();
  private final VoiceActivityDetector detector = new VoiceActivityDetector() {
    private final EnergyVoiceActivity energy = EnergyVoiceActivity.defaults(16_000);

    @Override
    public String name() {
      return "recorded";
    }

    @Override
    public int sampleRate() {
      return energy.sampleRate();
    }

    @Override
    public int sampleRateFor(int audioRate) {
      return energy.sampleRateFor(audioRate);
    }

    @Override
    public VoiceActivityStream open() {
      return new VoiceActivityStream() {
        @Override
        public double speechProbability(short[] frame) {
          judged.add(frame);
          return energy.probability(frame);
        }

        @Override
        public void close() {}
      };
    }
  };

  @Test
  void aPhoneCallsFramesReachEnginesThatTakeEightKilohertzAsTheyCame() {
    CallerSpeech caller = new CallerSpeech(8_000, detector, recogniser, 8_000, new TurnDetector(TurnSettings.defaults()), 5);
    List<short[]> spoken = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      short[] frame = loud(160, i);
      spoken.add(frame);
      caller.frame(frame);
    }

    int skipped = spoken.size() - recognised.size(); // older than the pre-roll when the speech was heard starting
    assertTrue(skipped >= 0 && skipped < 10, "the pre-roll, then every frame of the speech: " + recognised.size());
    for (int i = 0; i < recognised.size(); i++) {
      assertArrayEquals(spoken.get(skipped + i), recognised.get(i), "frame " + i + ": not resampled");
    }
    for (int i = 0; i < spoken.size(); i++) assertArrayEquals(spoken.get(i), judged.get(i), "judged at 8 kHz");
  }

  @Test
  void aRecogniserOfAnotherRateGetsTheCallResampled() {
    CallerSpeech caller = new CallerSpeech(8_000, detector, recogniser, 16_000, new TurnDetector(TurnSettings.defaults()), 5);
    for (int i = 0; i < 50; i++) caller.frame(loud(160, i));

    assertEquals(320, recognised.get(recognised.size() - 1).length, "20 ms at 16 kHz");
  }

  /** 20 ms well above the energy detector's threshold. */
  private static short[] loud(int samples, int seed) {
    short[] frame = new short[samples];
    for (int i = 0; i < samples; i++) frame[i] = (short) ((i % 2 == 0 ? 8_000 : -8_000) + seed);
    return frame;
  }
}
