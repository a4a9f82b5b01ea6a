package io.parley.voice.phone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.call.TransferTarget;
import io.parley.core.call.WarmTransferOutcome;
import io.parley.voice.phone.outbound.OutboundCall;
import io.parley.voice.phone.outbound.OutboundOutcome;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WarmConsultTest {
  @Test
  void aCallToThePersonThatWasNotAnsweredIsNamedForTheCaller() {
    assertEquals(WarmTransferOutcome.BUSY, WarmConsult.outcomeOf(OutboundOutcome.BUSY));
    assertEquals(WarmTransferOutcome.DECLINED, WarmConsult.outcomeOf(OutboundOutcome.DECLINED));
    assertEquals(WarmTransferOutcome.NO_ANSWER, WarmConsult.outcomeOf(OutboundOutcome.NO_ANSWER));
    assertEquals(WarmTransferOutcome.NO_ANSWER, WarmConsult.outcomeOf(OutboundOutcome.CANCELLED));
    assertEquals(WarmTransferOutcome.FAILED, WarmConsult.outcomeOf(OutboundOutcome.FAILED));
  }

  @Test
  void theBriefGoesOutInTwentyMillisecondFramesThenQuiet() {
    short[] brief = new short[200];
    for (int i = 0; i < brief.length; i++) brief[i] = (short) (i + 1);
    Supplier<short[]> frames = WarmConsult.frames(brief);
    short[] first = frames.get();
    short[] second = frames.get();
    assertEquals(160, first.length);
    assertEquals(1, first[0]);
    assertEquals(161, second[0]);
    assertEquals(0, second[40], "the last frame is padded with quiet");
    assertArrayEquals(new short[160], frames.get());
  }

  @Test
  void thePersonIsCalledAtTheTargetsUserAndHost() {
    OutboundCall call = WarmTransfers.callTo(new TransferTarget("sip:dana@127.0.0.1:5998"), "acme");
    assertEquals("dana", call.user());
    assertEquals("127.0.0.1", call.host());
    assertEquals(5998, call.port());
    assertEquals(Optional.empty(), call.login());
    assertEquals(5060, WarmTransfers.callTo(new TransferTarget("sip:desk@pbx.example.com;transport=udp"), "acme").port());
    assertEquals("pbx.example.com",
        WarmTransfers.callTo(new TransferTarget("sip:desk@pbx.example.com;transport=udp"), "acme").host());
  }
}
