package io.parley.voice.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.recording.MuLawWav;
import io.parley.voice.media.G711;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class CallRecordingTest {
  private static final Instant STARTED = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void bothDirectionsAreMixedIntoOneTrackClippedAndBounded() throws Exception {
    CallRecording recording = new CallRecording(STARTED, Duration.ofMillis(40));
    assertTrue(recording.wav().isEmpty(), "nothing recorded yet");
    recording.frame(filled(1000), filled(2000));
    recording.frame(filled(30000), filled(30000));
    recording.frame(filled(5), filled(5)); // past the 40 ms bound: not recorded

    byte[] wav = recording.wav().orElseThrow();
    assertEquals(Optional.of(STARTED), MuLawWav.started(wav));
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
      byte[] ulaw = in.readAllBytes();
      assertEquals(320, ulaw.length, "two 20 ms frames at 8 kHz");
      assertEquals(G711.ulawEncode((short) 3000), ulaw[0], "the caller and the bot added");
      assertEquals(G711.ulawEncode(Short.MAX_VALUE), ulaw[160], "clipped, not wrapped");
    }
  }

  private static short[] filled(int value) {
    short[] samples = new short[160];
    Arrays.fill(samples, (short) value);
    return samples;
  }
}
