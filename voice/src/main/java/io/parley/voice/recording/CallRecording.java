package io.parley.voice.recording;

import io.parley.core.recording.MuLawWav;
import io.parley.voice.media.G711;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One call's recording as it is made: each 20 ms of the caller and of the bot, mixed into one
 * track (the two added, clipped: they rarely speak at once) and kept as 8 kHz μ-law, 8 kB a second,
 * up to {@code maxLength}, after which the rest of the call is not recorded. Its clock hands it frames
 * while the call's actor reads it at the end: thread-safe.
 */
public final class CallRecording {
  private final Instant started;
  private final long maxBytes;
  private final ByteArrayOutputStream ulaw = new ByteArrayOutputStream();

  CallRecording(Instant started, Duration maxLength) {
    this.started = started;
    this.maxBytes = maxLength.toMillis() * MuLawWav.RATE / 1000;
  }

  /** 20 ms of both directions, 8 kHz PCM16 each. */
  public synchronized void frame(short[] caller, short[] bot) {
    if (ulaw.size() >= maxBytes) return;
    int samples = Math.max(caller.length, bot.length);
    byte[] mixed = new byte[samples];
    for (int i = 0; i < samples; i++) {
      int sum = (i < caller.length ? caller[i] : 0) + (i < bot.length ? bot[i] : 0);
      mixed[i] = G711.ulawEncode((short) Math.clamp(sum, Short.MIN_VALUE, Short.MAX_VALUE));
    }
    ulaw.write(mixed, 0, (int) Math.min(mixed.length, maxBytes - ulaw.size()));
  }

  /** The recording's file, once anything was recorded. */
  synchronized Optional<byte[]> wav() {
    return ulaw.size() == 0 ? Optional.empty() : Optional.of(MuLawWav.of(ulaw.toByteArray(), started));
  }
}
