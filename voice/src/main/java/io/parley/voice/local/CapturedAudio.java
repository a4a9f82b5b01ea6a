package io.parley.voice.local;

import com.sun.speech.freetts.audio.AudioPlayer;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.speech.SpeechListener;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sound.sampled.AudioFormat;

/**
 * FreeTTS's audio output, turned into chunks for a {@link SpeechListener} instead of played on a
 * sound card: each piece FreeTTS writes goes out at once, as mono PCM16 at {@code sampleRate},
 * whatever byte order FreeTTS chose. After a cancel it takes and forwards nothing.
 */
final class CapturedAudio implements AudioPlayer {
  private final SpeechListener listener;
  private final AtomicBoolean cancelled;
  private AudioFormat format;
  private float volume = 1;

  CapturedAudio(int sampleRate, SpeechListener listener, AtomicBoolean cancelled) {
    this.listener = listener;
    this.cancelled = cancelled;
    this.format = new AudioFormat(sampleRate, 16, 1, true, true);
  }

  @Override
  public boolean write(byte[] audio) {
    return write(audio, 0, audio.length);
  }

  @Override
  public boolean write(byte[] audio, int offset, int size) {
    if (cancelled.get()) return false;
    if (format.getSampleSizeInBits() != 16 || format.getChannels() != 1) {
      throw new IllegalStateException("FreeTTS produced " + format + "; expected 16-bit mono");
    }
    short[] samples = new short[size / 2];
    boolean bigEndian = format.isBigEndian();
    for (int i = 0; i < samples.length; i++) {
      int a = audio[offset + 2 * i] & 0xff;
      int b = audio[offset + 2 * i + 1] & 0xff;
      samples[i] = (short) (bigEndian ? (a << 8) | b : (b << 8) | a);
    }
    if (samples.length > 0) listener.onAudio(new AudioChunk(samples, (int) format.getSampleRate()));
    return true;
  }

  @Override
  public void setAudioFormat(AudioFormat format) {
    this.format = format;
  }

  @Override
  public AudioFormat getAudioFormat() {
    return format;
  }

  @Override
  public void begin(int size) {}

  @Override
  public boolean end() {
    return !cancelled.get();
  }

  @Override
  public boolean drain() {
    return !cancelled.get();
  }

  @Override
  public void cancel() {}

  @Override
  public void pause() {}

  @Override
  public void resume() {}

  @Override
  public void reset() {}

  @Override
  public void close() {}

  @Override
  public float getVolume() {
    return volume;
  }

  @Override
  public void setVolume(float volume) {
    this.volume = volume;
  }

  @Override
  public long getTime() {
    return 0;
  }

  @Override
  public void resetTime() {}

  @Override
  public void startFirstSampleTimer() {}

  @Override
  public void showMetrics() {}
}
