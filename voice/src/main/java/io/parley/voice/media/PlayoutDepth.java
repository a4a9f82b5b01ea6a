package io.parley.voice.media;

/**
 * How deep a call's {@link JitterBuffer} should be, from how unevenly the caller's packets arrive:
 * every frame held is 20 ms the bot hears the caller later, so it starts at the least depth, grows
 * at once with the interarrival jitter (RFC 3550's estimate, {@link RtpReception#jitterMillis()};
 * three times it covers most of a packet's lateness) or by a frame for each packet that came too
 * late all the same, and shrinks a frame at a time only after the network has been calm for
 * {@code calmTicksToShrink} ticks, so a burst now and then does not make it swing. Pure; not
 * thread-safe.
 */
public final class PlayoutDepth {
  /** Jitter estimates to cover: a packet is rarely later than three times the mean deviation. */
  private static final double JITTER_MULTIPLE = 3;

  private final int minFrames;
  private final int maxFrames;
  private final int frameMillis;
  private final int calmTicksToShrink;
  private int frames;
  private int needed;
  private int calmTicks;

  /**
   * @param minFrames the depth at the start, and the least (at least 1)
   * @param maxFrames the most it grows to
   * @param calmTicksToShrink ticks the jitter must have needed less before a frame goes
   */
  public PlayoutDepth(int minFrames, int maxFrames, int frameMillis, int calmTicksToShrink) {
    if (minFrames < 1 || maxFrames < minFrames) {
      throw new IllegalArgumentException("need 1 <= minFrames <= maxFrames, got " + minFrames + " and " + maxFrames);
    }
    if (frameMillis < 1 || calmTicksToShrink < 1) {
      throw new IllegalArgumentException("frameMillis and calmTicksToShrink must be positive");
    }
    this.minFrames = minFrames;
    this.maxFrames = maxFrames;
    this.frameMillis = frameMillis;
    this.calmTicksToShrink = calmTicksToShrink;
    this.frames = minFrames;
    this.needed = minFrames;
  }

  /** A packet arrived and the jitter estimate is now {@code jitterMillis}; returns the depth. */
  public int arrived(double jitterMillis) {
    needed = clamp((int) Math.ceil(JITTER_MULTIPLE * jitterMillis / frameMillis));
    if (needed > frames) grow(needed);
    return frames;
  }

  /** A packet came after its place was played: the depth was too little; returns the new one. */
  public int late() {
    grow(clamp(frames + 1));
    return frames;
  }

  /** A 20 ms tick of play-out went by; returns the depth. */
  public int tick() {
    if (needed >= frames) {
      calmTicks = 0;
      return frames;
    }
    if (++calmTicks >= calmTicksToShrink) {
      frames--;
      calmTicks = 0;
    }
    return frames;
  }

  public int frames() {
    return frames;
  }

  private void grow(int to) {
    frames = to;
    calmTicks = 0;
  }

  private int clamp(int depth) {
    return Math.max(minFrames, Math.min(maxFrames, depth));
  }
}
