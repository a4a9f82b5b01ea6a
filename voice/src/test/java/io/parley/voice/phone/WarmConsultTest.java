package io.parley.voice.phone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.call.TransferTarget;
import io.parley.core.call.WarmTransferOutcome;
import io.parley.core.session.SessionId;
import io.parley.voice.phone.outbound.OutboundCall;
import io.parley.voice.phone.outbound.OutboundCalls;
import io.parley.voice.phone.outbound.OutboundOutcome;
import io.parley.voice.phone.outbound.OutboundProgress;
import io.parley.voice.phone.transfer.ConsultListener;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import javax.sip.Dialog;
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

  @Test
  void aPersonWhoAnsweredButCouldNotBeBriefedGivesTheCallerBackToTheBot() throws Exception {
    List<WarmTransferOutcome> decided = new ArrayList<>();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (RtpMedia media = TestRtpMedia.start()) {
      RtpChannel caller = RtpChannel.open(InetAddress.getLoopbackAddress(), 44_000, 44_998, offer(), media);
      RtpChannel person = RtpChannel.open(InetAddress.getLoopbackAddress(), 44_000, 44_998, offer(), media);
      WarmConsult consult = new WarmConsult(SessionId.random("acme"), null, caller, new CompletableFuture<>(),
          words -> {
            throw new IllegalStateException("no recogniser for the person's words");
          }, timer, Duration.ofSeconds(30), new ConsultListener() {
            @Override
            public void decided(WarmTransferOutcome outcome, Optional<Integer> sipStatus) {
              decided.add(outcome);
            }

            @Override
            public void personLeft() {}
          });
      List<Consumer<OutboundProgress>> progress = new ArrayList<>();
      List<OutboundCalls.Connector> answered = new ArrayList<>();
      OutboundCall call = WarmTransfers.callTo(new TransferTarget("sip:dana@127.0.0.1:5998"), "acme");
      consult.start(call, (placed, heard, connector) -> {
        progress.add(heard);
        answered.add(connector);
      });

      // The person's leg fails as it is briefed: the dialog hangs up on the person and says the call failed.
      assertThrows(IllegalStateException.class,
          () -> answered.getFirst().connect(call, person, personsDialog(), offer(), null, progress.getFirst()));
      progress.getFirst().accept(new OutboundProgress.Ended(OutboundOutcome.FAILED, Optional.empty()));

      assertEquals(List.of(WarmTransferOutcome.FAILED), decided, "the caller is not left on hold");
      caller.close();
      person.close();
    } finally {
      timer.shutdownNow();
    }
  }

  /** The person's dialog, as the SIP stack hands it over; briefing does not use it. */
  private static Dialog personsDialog() {
    return (Dialog) Proxy.newProxyInstance(Dialog.class.getClassLoader(), new Class<?>[] {Dialog.class},
        (proxy, method, args) -> null);
  }

  private static SdpOffer offer() {
    return SdpOffer.parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio 4000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n").orElseThrow();
  }
}
