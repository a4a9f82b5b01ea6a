package io.parley.voice.media;

/**
 * Mono PCM16 samples at {@code sampleRate} Hz. The array is owned by the receiver once handed over:
 * producers never write to it again.
 */
public record AudioChunk(short[] samples, int sampleRate) {
  public AudioChunk {
    if (samples == null) throw new IllegalArgumentException("samples must not be null");
    if (sampleRate <= 0) throw new IllegalArgumentException("sampleRate must be positive, got " + sampleRate);
  }

  /** How long the chunk plays, in milliseconds (rounded down). */
  public long durationMillis() {
    return samples.length * 1000L / sampleRate;
  }
}
