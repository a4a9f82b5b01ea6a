package io.parley.voice.media;

/**
 * Keeps a caller's audio to real time: a frame is taken while the audio taken so far is at most
 * {@code maxAheadMillis} ahead of the time the call has lasted, so a client that sends faster
 * than it speaks has the excess dropped instead of queued. Time in which the caller sent nothing
 * (a network stall, a paused microphone) earns credit for at most the same bound: a burst after
 * a long gap is not a way around it. Not thread-safe: one call's actor owns it.
 */
public final class RealTimeGate {
  /** What became of a piece of audio; a burst's first drop is told apart, to be reported once. */
  public enum Verdict {
    TAKEN,
    FIRST_DROPPED,
    DROPPED
  }

  private final long maxAheadMillis;
  private long takenMillis;
  private boolean dropping;

  public RealTimeGate(long maxAheadMillis) {
    if (maxAheadMillis <= 0) throw new IllegalArgumentException("maxAheadMillis must be positive, got " + maxAheadMillis);
    this.maxAheadMillis = maxAheadMillis;
  }

  /** {@code millis} of audio arrive {@code elapsedMillis} into the call. */
  public Verdict offer(long elapsedMillis, long millis) {
    takenMillis = Math.max(takenMillis, elapsedMillis - maxAheadMillis);
    if (takenMillis + millis > elapsedMillis + maxAheadMillis) {
      Verdict verdict = dropping ? Verdict.DROPPED : Verdict.FIRST_DROPPED;
      dropping = true;
      return verdict;
    }
    dropping = false;
    takenMillis += millis;
    return Verdict.TAKEN;
  }
}
