package io.parley.core.session;

import java.util.function.LongSupplier;

/**
 * How long a turn has waited on what the node does not run: its model calls and its tool calls.
 * Each streamed piece of an answer carries this, so that a voice call can tell the node's own part
 * of its delay from the model's (docs/voice.md, "Latency"). The turn's actor starts and ends the
 * waits; the model client's thread reads {@link #nanos()} while a call streams, hence the volatiles.
 */
public final class TurnWaits {
  private final LongSupplier nanoTime;
  private volatile long ended;
  private volatile long since = -1;

  public TurnWaits(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  public static TurnWaits onSystemClock() {
    return new TurnWaits(System::nanoTime);
  }

  /** A wait begins: a model call is made or a round of tool calls starts. Ignored while one runs. */
  public void begin() {
    if (since < 0) since = nanoTime.getAsLong();
  }

  /** The wait under way is over (the answer, the last tool's result, or a failure came). */
  public void end() {
    long start = since;
    if (start < 0) return;
    ended += nanoTime.getAsLong() - start;
    since = -1;
  }

  /**
   * Nanoseconds waited so far, the wait under way included. Read from another thread while a wait
   * ends, it may leave out the wait just ended, never count it twice: {@code ended} is read first.
   */
  public long nanos() {
    long done = ended;
    long start = since;
    return done + (start < 0 ? 0 : nanoTime.getAsLong() - start);
  }
}
