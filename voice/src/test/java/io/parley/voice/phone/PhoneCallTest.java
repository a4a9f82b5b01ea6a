package io.parley.voice.phone;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.call.CallEnd;
import io.parley.core.session.Channel;
import io.parley.core.cost.Spend;
import io.parley.core.session.SessionId;
import io.parley.core.testing.ClassResource;
import io.parley.core.testing.MetricSamples;
import io.parley.sessions.Edges;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.CallEngines;
import io.parley.voice.TestVoiceCalls;
import io.parley.voice.VoiceCalls;
import io.parley.voice.cost.CallCosts;
import io.parley.voice.media.VoiceActivityDetector;
import io.parley.voice.media.VoiceActivityStream;
import io.parley.voice.testing.StandInSpeechToText;
import io.parley.voice.testing.StandInTextToSpeech;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A phone call's own rules, with its session a probe and its voice on stand-in engines. */
class PhoneCallTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final String CALL_ID = "a84b4c76e66710@127.0.0.1";

  private final PrometheusRegistry metrics = new PrometheusRegistry();
  private final StandInSpeechToText speechToText = new StandInSpeechToText();
  private final StandInTextToSpeech textToSpeech = new StandInTextToSpeech();
  private final RtpMedia media = RtpMedia.start(metrics, Duration.ofMillis(60), Duration.ofMillis(60));
  private final DatagramChannel phone = openPhone();

  @AfterEach
  void close() throws IOException {
    phone.close();
    media.close();
    speechToText.close();
    textToSpeech.close();
  }

  @Test
  void aCallWhoseVoiceFailsHangsUpAndClosesItsSessionAsFailed() throws IOException {
    VoiceActivityDetector broken = new VoiceActivityDetector() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public int sampleRate() {
        return 8_000;
      }

      @Override
      public VoiceActivityStream open() {
        throw new IllegalStateException("the detector's model is gone");
      }
    };
    VoiceCalls voice = TestVoiceCalls.with(new CallEngines(speechToText, textToSpeech, textToSpeech, broken), metrics);
    SessionId id = SessionId.random("acme");
    CallRegistry registry = new CallRegistry(metrics, Clock.systemUTC(), CallCosts.none());
    TestProbe<SessionCommand> session = testKit.createTestProbe();
    AtomicInteger hangUps = new AtomicInteger();
    RtpChannel rtp = RtpChannel.open(InetAddress.getLoopbackAddress(), 41_000, 41_998, offer(phone), media);
    registry.answered(CALL_ID, id, "caller-hash", 0, rtp::stats, rtp::callerReport, Spend.Direction.INBOUND);

    testKit.spawn(PhoneCall.create(new CallSetup(CALL_ID, id, "caller-hash", rtp, session.ref(), voice,
        Duration.ofSeconds(5), "Hello, how can I help?", Duration.ofSeconds(30), () -> true, hangUps::incrementAndGet,
        new CallHandover.Means("", "", (target, done) -> { }, null, new Edges()), registry, false, new SessionTimer.None(),
        timer -> { })));

    SessionCommand.Start start = session.expectMessageClass(SessionCommand.Start.class);
    start.replyTo().tell(StatusReply.success(new SessionInfo(id.wireId(), id.tenant(), start.userId(), Channel.PHONE,
        SessionStatus.OPEN, 0, Instant.now(), null, Optional.empty(), 0, Optional.empty())));
    List<SessionCommand> fished = session.fishForMessage(Duration.ofSeconds(5), command ->
        command instanceof SessionCommand.Close ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    SessionCommand.Close close = (SessionCommand.Close) fished.get(fished.size() - 1);
    close.replyTo().tell(StatusReply.success(new SessionCommand.Closing(close.reason())));

    assertEquals(CallEnd.FAILED.closeReason(), close.reason());
    assertEquals(1, hangUps.get(), "the caller was hung up on");
    assertEquals(0, speechToText.streamsOpen(), "the recogniser's stream opened for the call is closed");
    await("the call counted as failed").atMost(Duration.ofSeconds(5))
        .until(() -> Double.valueOf(1.0).equals(MetricSamples.value(metrics,
        "parley_phone_calls_total", new String[] {"tenant", "cause"}, new String[] {"acme", CallEnd.FAILED.wireName()})));
  }

  /** An offer from {@code phone}'s address, so that the call's comfort silence goes to a socket the test owns. */
  private static DatagramChannel openPhone() {
    try {
      return DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SdpOffer offer(DatagramChannel phone) throws IOException {
    int port = ((InetSocketAddress) phone.getLocalAddress()).getPort();
    return SdpOffer.parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n").orElseThrow();
  }
}
