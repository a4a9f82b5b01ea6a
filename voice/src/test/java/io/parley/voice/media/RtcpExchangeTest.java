package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RtcpExchangeTest {
  private static final long NODE = 0xA1;
  private static final long CALLER = 0xB2;

  @Test
  void eachSideMeasuresTheRoundTripAndTheNodeHearsTheCallersLoss() {
    RtcpExchange node = new RtcpExchange(NODE, "node");
    RtcpExchange caller = new RtcpExchange(CALLER, "caller");
    RtpReception atCaller = new RtpReception(8000);
    RtpReception atNode = new RtpReception(8000);
    // The caller got 90 of the node's 100 packets, the node all 100 of the caller's.
    for (int sequence = 0; sequence < 100; sequence++) {
      if (sequence % 10 != 5) atCaller.packet(sequence);
      atNode.packet(sequence);
    }
    long millis = 1_700_000_000_000L;
    Optional<RtcpReport.SenderInfo> sent = Optional.of(new RtcpReport.SenderInfo(0, 16_000, 100, 16_000));
    byte[] fromNode = node.report(millis, 0, sent, Optional.of(CALLER), atNode);
    // 40 ms each way; the caller answers 1 s after the node's report came.
    caller.received(RtcpReport.parse(fromNode, fromNode.length), millis + 40, 40_000_000L);
    byte[] fromCaller = caller.report(millis + 1_040, 1_040_000_000L, sent, Optional.of(NODE), atCaller);
    node.received(RtcpReport.parse(fromCaller, fromCaller.length), millis + 1_080, 1_080_000_000L);

    CallerReport seen = node.caller();
    assertEquals(1, seen.reports());
    assertEquals(80.0, seen.roundTripMillis(), 1.0);
    assertEquals(10, seen.lost());
    assertEquals(25 / 256.0, seen.fractionLost(), 1e-9, "10 of 100, in 256ths");
    assertEquals(1, caller.caller().reports());
    assertEquals(0.0, caller.caller().roundTripMillis(), "the node had heard no sender report of the caller's to echo");
  }
}
