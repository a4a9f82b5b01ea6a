package io.parley.core.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class MuLawWavTest {
  @Test
  void isAMuLawWaveFileThatTellsWhenItBegan() throws Exception {
    byte[] ulaw = new byte[8001]; // an odd length: the data chunk is padded
    java.util.Arrays.fill(ulaw, (byte) 0xFF);
    Instant started = Instant.parse("2026-03-01T10:15:30.123Z");
    byte[] wav = MuLawWav.of(ulaw, started);

    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
      AudioFormat format = in.getFormat();
      assertEquals(AudioFormat.Encoding.ULAW, format.getEncoding());
      assertEquals(8000f, format.getSampleRate());
      assertEquals(1, format.getChannels());
      assertEquals(8001, in.readAllBytes().length);
    }
    assertEquals(Optional.of(started), MuLawWav.started(wav));
  }

  @Test
  void anythingElseHasNoStart() {
    assertTrue(MuLawWav.started(new byte[] {1, 2, 3}).isEmpty());
    assertTrue(MuLawWav.started("RIFF\u0004\0\0\0WAVEjunk".getBytes()).isEmpty());
  }
}
