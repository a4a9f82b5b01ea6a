package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RtpReceptionTest {
  private static final long TICK_NANOS = 125_000; // one 8 kHz timestamp unit

  @Test
  void lossIsExpectedLessReceivedAcrossTheWrap() {
    RtpReception reception = new RtpReception(8000);
    for (int sequence : new int[] {65533, 65534, 0, 2, 1, 4}) reception.packet(sequence);
    assertEquals(8, reception.expected(), "65533..4");
    assertEquals(6, reception.received());
    assertEquals(2, reception.lost(), "65535 and 3");
  }

  @Test
  void aJumpIsANewStreamNotThousandsLost() {
    RtpReception reception = new RtpReception(8000);
    for (int sequence = 100; sequence < 110; sequence++) reception.packet(sequence);
    for (int sequence = 30_000; sequence < 30_005; sequence++) reception.packet(sequence);
    assertEquals(15, reception.expected());
    assertEquals(0, reception.lost());
  }

  @Test
  void packetsArrivingExactlyAsSentHaveNoJitter() {
    RtpReception reception = new RtpReception(8000);
    for (int n = 0; n < 50; n++) reception.timing(1_000 + 160L * n, 5_000_000_000L + n * 160 * TICK_NANOS);
    assertEquals(0, reception.jitter(), 1e-9);
  }

  @Test
  void jitterFollowsRfc3550() {
    RtpReception reception = new RtpReception(8000);
    // Sent every 160 units; arrivals 170, 140, 170 units apart: D = 10, 20, 10.
    long[] arrivals = {0, 170, 310, 480};
    for (int n = 0; n < arrivals.length; n++) reception.timing(160L * n, arrivals[n] * TICK_NANOS);
    double expected = 0;
    for (double d : new double[] {10, 20, 10}) expected += (d - expected) / 16;
    assertEquals(expected, reception.jitter(), 1e-6);
    assertEquals(expected / 8, reception.jitterMillis(), 1e-6);
  }

  @Test
  void aConstantDelayIsNoJitterEvenAcrossTheTimestampWrap() {
    RtpReception reception = new RtpReception(8000);
    long start = 0xFFFF_FF00L;
    for (int n = 0; n < 10; n++) {
      long timestamp = (start + 160L * n) & 0xFFFF_FFFFL;
      reception.timing(timestamp, 7_000_000_000L + n * 160 * TICK_NANOS);
    }
    assertEquals(0, reception.jitter(), 1e-6);
  }
}
