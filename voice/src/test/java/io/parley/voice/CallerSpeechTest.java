package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.media.TurnSettings;
import io.parley.voice.media.VoiceActivityDetector;
import io.parley.voice.media.VoiceActivityStream;
import io.parley.voice.speech.RecognitionStream;
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

  /** Frames the detector judged, whichever it is. */
  private final List<short[]> judged = new ArrayList<>();

  /** Energy's judgement, kept; at the call's rate up to 16 kHz as energy takes it, or at 16 kHz only, as Silero. */
  private VoiceActivityDetector recordingDetector(boolean sixteenKilohertzOnly) {
    EnergyVoiceActivity energy = EnergyVoiceActivity.defaults(16_000);
    return new VoiceActivityDetector() {
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
        return sixteenKilohertzOnly ? sampleRate() : energy.sampleRateFor(audioRate);
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
  }

  @Test
  void aPhoneCallsFramesReachEnginesThatTakeEightKilohertzAsTheyCame() {
    CallerSpeech caller = new CallerSpeech(8_000, recordingDetector(false), recogniser, 8_000, new TurnDetector(TurnSettings.defaults()), 5);
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
  void aRecogniserThatTakesTheCallsRateGetsItsFramesWhenTheDetectorTakesAnother() {
    CallerSpeech caller = new CallerSpeech(8_000, recordingDetector(true), recogniser, 8_000,
        new TurnDetector(TurnSettings.defaults()), 5);
    List<short[]> spoken = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      short[] frame = loud(160, i);
      spoken.add(frame);
      caller.frame(frame);
    }

    assertEquals(320, judged.get(0).length, "Silero's 16 kHz for the detector");
    int skipped = spoken.size() - recognised.size();
    assertTrue(skipped >= 0 && skipped < 10, "heard: " + recognised.size());
    for (int i = 0; i < recognised.size(); i++) {
      assertArrayEquals(spoken.get(skipped + i), recognised.get(i), "frame " + i + ": the call's own 8 kHz");
    }
  }

  @Test
  void aRecogniserOfAnotherRateGetsTheCallResampled() {
    CallerSpeech caller = new CallerSpeech(8_000, recordingDetector(false), recogniser, 16_000, new TurnDetector(TurnSettings.defaults()), 5);
    for (int i = 0; i < 50; i++) caller.frame(loud(160, i));

    assertEquals(320, recognised.get(recognised.size() - 1).length, "20 ms at 16 kHz");
  }

  @Test
  void theUtterancesEndedSinceTheLastTranscriptAreTakenWithHowLongTheCallerSpokeThem() {
    CallerSpeech caller = new CallerSpeech(8_000, recordingDetector(false), recogniser, 8_000,
        new TurnDetector(TurnSettings.defaults()), 5);
    int frame = 0;
    for (int i = 0; i < 50; i++) caller.frame(loud(160, frame++));
    assertEquals(0, caller.takeSpokenMillis(), "still speaking: nothing ended yet");
    for (int i = 0; i < 10; i++) caller.frame(new short[160]);
    for (int i = 0; i < 25; i++) caller.frame(loud(160, frame++));
    for (int i = 0; i < 50; i++) caller.frame(new short[160]);
    assertEquals((50 + 10 + 25) * 20, caller.takeSpokenMillis(), "first to last voiced frame, the pause inside included");
    assertEquals(0, caller.takeSpokenMillis(), "taken once");

    for (int i = 0; i < 20; i++) caller.frame(loud(160, frame++));
    for (int i = 0; i < 50; i++) caller.frame(new short[160]);
    for (int i = 0; i < 15; i++) caller.frame(loud(160, frame++));
    for (int i = 0; i < 50; i++) caller.frame(new short[160]);
    assertEquals((20 + 15) * 20, caller.takeSpokenMillis(), "two utterances before their transcripts came");
  }

  /** 20 ms of a 400 Hz tone, well above the energy detector's threshold at any rate it is judged at. */
  private static short[] loud(int samples, int frameIndex) {
    short[] frame = new short[samples];
    for (int i = 0; i < samples; i++) {
      frame[i] = (short) (8_000 * Math.sin(2 * Math.PI * 400 * (frameIndex * samples + i) / 8_000.0));
    }
    return frame;
  }
}
