package io.parley.voice.media;

/**
 * How well a caller's RTP stream arrives, as RFC 3550 reckons it for a receiver report: packets
 * received, packets expected from the highest sequence number seen (16 bits extended over their
 * wrap-around, appendix A.1), lost as the difference, and the interarrival jitter of §6.4.1 (A.8),
 * the smoothed difference between how far apart two packets arrived and how far apart they were
 * sent. A jump of the numbering by more than {@value #MAX_DROPOUT} (or back by more than
 * {@value #MAX_MISORDER}) is a new stream: counting goes on from it, so a restarted sender is no
 * thousand lost packets. Not thread-safe.
 */
public final class RtpReception {
  static final int MAX_DROPOUT = 3000;
  static final int MAX_MISORDER = 100;

  private final int clockRate;
  private boolean started;
  private long base;
  private long highest;
  /** Received and expected packets of streams before the current one (after a jump). */
  private long earlierReceived;
  private long earlierExpected;
  private long received;
  private boolean timed;
  private double lastTransit;
  private double jitter;

  /** @param clockRate the RTP timestamp's ticks a second (8000 for G.711) */
  public RtpReception(int clockRate) {
    if (clockRate < 1) throw new IllegalArgumentException("clockRate must be positive, got " + clockRate);
    this.clockRate = clockRate;
  }

  /** A packet with RTP sequence number {@code sequence} (0..65535) arrived; duplicates are not to be counted. */
  public void packet(int sequence) {
    if (!started) {
      restartAt(sequence);
      started = true;
      return;
    }
    long extended = highest + (short) (sequence - (int) (highest & 0xFFFF));
    long ahead = extended - highest;
    if (ahead > MAX_DROPOUT || ahead < -MAX_MISORDER) {
      earlierReceived += received;
      earlierExpected += highest - base + 1;
      restartAt(sequence);
      timed = false;
      return;
    }
    received++;
    if (extended > highest) highest = extended;
    if (extended < base) base = extended;
  }

  /**
   * A packet of audio sent at RTP time {@code timestamp} arrived at {@code arrivedNanos} (any
   * monotonic clock): the jitter estimate takes it in. Only audio packets, whose timestamps are
   * their sampling instants; an RFC 4733 event's timestamp is its start, not its sending time.
   */
  public void timing(long timestamp, long arrivedNanos) {
    double transit = arrivedNanos * (double) clockRate / 1e9 - timestamp;
    if (timed) {
      double difference = Math.abs(transit - lastTransit);
      // Timestamps wrap at 2^32: a difference near it is the wrap, not jitter.
      if (difference > 0x8000_0000L) difference = Math.abs(difference - 0x1_0000_0000L);
      jitter += (difference - jitter) / 16;
    }
    lastTransit = transit;
    timed = true;
  }

  public long received() {
    return earlierReceived + received;
  }

  public long expected() {
    return earlierExpected + (started ? highest - base + 1 : 0);
  }

  /** Expected less received, never below zero. */
  public long lost() {
    return Math.max(0, expected() - received());
  }

  /** The highest sequence number received, extended by its wrap-arounds (a receiver report's field). */
  public long highestSequence() {
    return highest & 0xFFFFFFFFL;
  }

  /** The interarrival jitter in timestamp units. */
  public double jitter() {
    return jitter;
  }

  public double jitterMillis() {
    return jitter * 1000 / clockRate;
  }

  private void restartAt(int sequence) {
    base = sequence;
    highest = sequence;
    received = 1;
  }
}
