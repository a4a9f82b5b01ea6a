package io.parley.sessions.turn;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A streamed answer's pieces on their way to the session, at most one message per {@code interval}:
 * a piece after a quiet interval goes at once, those that follow it within the interval go
 * together at its end. A model streams a token or a word at a time, and each piece sent on is a
 * message to the session, a frame to each of its clients and one more for their code to read,
 * while a person reads no faster for pieces closer together than a frame of their screen.
 * Thread-safe: pieces come from the model client's thread, the end of an interval from a timer,
 * {@link #flush()} from the turn; each sends while it holds the lock, so the pieces reach the
 * session in order and before whatever the turn tells it after its flush.
 */
final class PacedPieces implements Consumer<String> {
  private final long intervalNanos;
  private final BiConsumer<Duration, Runnable> timer;
  private final LongSupplier nanoTime;
  private final Consumer<String> send;
  private final StringBuilder waiting = new StringBuilder();
  private long lastSent;
  private boolean sentAny;
  private boolean timerSet;
  private boolean closed;

  /**
   * @param timer runs its task once after the given time (the actor system's scheduler)
   * @param send tells the session a piece
   */
  PacedPieces(Duration interval, BiConsumer<Duration, Runnable> timer, LongSupplier nanoTime, Consumer<String> send) {
    this.intervalNanos = interval.toNanos();
    this.timer = timer;
    this.nanoTime = nanoTime;
    this.send = send;
  }

  @Override
  public synchronized void accept(String piece) {
    if (closed || piece.isEmpty()) return;
    long now = nanoTime.getAsLong();
    if (waiting.isEmpty() && (!sentAny || now - lastSent >= intervalNanos)) {
      sendNow(piece, now);
      return;
    }
    waiting.append(piece);
    if (!timerSet) {
      timerSet = true;
      timer.accept(Duration.ofNanos(Math.max(0, lastSent + intervalNanos - now)), this::intervalEnded);
    }
  }

  /** Sends what waits now: the answer is complete, nothing more will join it. */
  synchronized void flush() {
    if (closed || waiting.isEmpty()) return;
    String text = waiting.toString();
    waiting.setLength(0);
    sendNow(text, nanoTime.getAsLong());
  }

  /** The turn stopped: what waits was never shown, and nothing more is sent. */
  synchronized void close() {
    closed = true;
    waiting.setLength(0);
  }

  private synchronized void intervalEnded() {
    timerSet = false;
    flush();
  }

  private void sendNow(String text, long now) {
    send.accept(text);
    lastSent = now;
    sentAny = true;
  }
}
