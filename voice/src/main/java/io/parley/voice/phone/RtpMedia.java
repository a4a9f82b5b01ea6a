package io.parley.voice.phone;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * What the RTP of every call on a node shares: the 20 ms clock that paces each call's packets out
 * and its caller's frames in ({@link RtpClock}), the jitter buffer's depth, and the metrics of how
 * the callers' audio arrives ({@link RtpMetrics}). For the same reason as the clock is one thread,
 * one {@link RtpReader} receives every call's packets.
 */
public record RtpMedia(RtpClock clock, RtpReader reader, Duration jitterBuffer, Duration jitterBufferMax, RtpMetrics metrics)
    implements AutoCloseable {

  /**
   * The clock starts; {@code jitterBuffer} is how long a caller's first frame waits before play-out,
   * and the least, {@code jitterBufferMax} the most it grows to with the caller's jitter.
   */
  static RtpMedia start(PrometheusRegistry registry, Duration jitterBuffer, Duration jitterBufferMax) {
    return new RtpMedia(new RtpClock(), RtpReader.start(), jitterBuffer, jitterBufferMax, new RtpMetrics(registry));
  }

  /** Runs {@code tick} every 20 ms until the returned handle is run ({@link RtpClock#everyFrame}). */
  Runnable everyFrame(LongConsumer tick) {
    return clock.everyFrame(tick);
  }

  /**
   * The node's RTP reader receives {@code socket}'s datagrams and hands each to {@code datagrams}
   * until the returned handle is run or the socket closes ({@link RtpReader#readFrom}).
   */
  Runnable readFrom(DatagramChannel socket, RtpReader.Datagrams datagrams) {
    return reader.readFrom(socket, datagrams);
  }

  /** The jitter buffer's depth at the start, and the least, in 20 ms frames. */
  int jitterFrames() {
    return (int) Math.max(1, jitterBuffer.toMillis() / RtpClock.FRAME.toMillis());
  }

  /** The most the jitter buffer grows to, in 20 ms frames. */
  int maxJitterFrames() {
    return (int) Math.max(jitterFrames(), jitterBufferMax.toMillis() / RtpClock.FRAME.toMillis());
  }

  @Override
  public void close() {
    clock.close();
    reader.close();
  }
}
