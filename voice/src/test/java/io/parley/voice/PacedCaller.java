package io.parley.voice;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A caller on a voice call at 16 kHz, their audio sent in 100 ms chunks at the pace they speak
 * (the call drops audio that runs far ahead of real time): a loud tone, which the energy detector
 * hears as speech, or silence.
 */
final class PacedCaller {
  static final int RATE = 16_000;
  private static final short[] TONE = tone();
  private static final short[] SILENCE = new short[RATE / 10];

  private final ActorRef<VoiceCall.Command> call;

  PacedCaller(ActorRef<VoiceCall.Command> call) {
    this.call = call;
  }

  /** Speaks (the tone) for {@code length}. */
  void speak(Duration length) throws InterruptedException {
    send(TONE, length);
  }

  /**
   * Speaks for {@code length}, the audio having reached the edge from {@code receivedNanos} at the
   * caller's pace, whenever the call gets to it.
   */
  void speakReceivedFrom(long receivedNanos, Duration length) throws InterruptedException {
    for (long sent = 0; sent < length.toMillis(); sent += 100) {
      call.tell(new VoiceCall.CallerAudio(TONE.clone(), receivedNanos + sent * 1_000_000));
      Thread.sleep(100);
    }
  }

  /** Is silent for {@code length}. */
  void pause(Duration length) throws InterruptedException {
    send(SILENCE, length);
  }

  private void send(short[] chunk, Duration length) throws InterruptedException {
    for (long sent = 0; sent < length.toMillis(); sent += 100) {
      call.tell(new VoiceCall.CallerAudio(chunk.clone()));
      Thread.sleep(100);
    }
  }

  private static short[] tone() {
    short[] samples = new short[RATE / 10];
    for (int i = 0; i < samples.length; i++) samples[i] = (short) (8_000 * Math.sin(2 * Math.PI * 440 * i / RATE));
    return samples;
  }
}
