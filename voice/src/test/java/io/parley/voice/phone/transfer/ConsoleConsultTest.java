package io.parley.voice.phone.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.call.WarmTransferOutcome;
import io.parley.core.session.SessionId;
import io.parley.core.testing.ClassResource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A warm transfer to the console as its agents' phones (probes) answer it, the caller's line a fake. */
class ConsoleConsultTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static final Duration RINGS = Duration.ofSeconds(20);

  private final String tenant = "console-" + TENANTS.incrementAndGet();
  private final Line line = new Line();
  private final Heard heard = new Heard();

  @Test
  void theFirstAgentToAcceptIsConnectedTheOthersStopRingingAndAudioFlowsBothWays() {
    TestProbe<AgentCall> dana = phone();
    TestProbe<AgentCall> lee = phone();
    ActorRef<ConsoleConsult.Command> consult = consult(RINGS, 2);
    AgentCall.Ringing ringing = dana.expectMessageClass(AgentCall.Ringing.class);
    assertNotNull(line.playing, "the caller hears the hold tone while it rings");
    assertEquals("Order 1042 was lost in transit.", ringing.brief());
    lee.expectMessageClass(AgentCall.Ringing.class);

    ringing.consult().tell(new AgentCall.Answer.Accept(ringing.transferId(), "dana", dana.getRef()));
    dana.expectMessage(new AgentCall.Connected(ringing.transferId()));
    assertEquals("taken", lee.expectMessageClass(AgentCall.Over.class).reason());
    assertEquals(WarmTransferOutcome.ACCEPTED, heard.outcome());
    assertNull(line.playing, "the hold tone stopped");

    line.hearing.accept(new short[160]);
    assertEquals(320, dana.expectMessageClass(AgentCall.CallerAudio.class).pcm().length, "20 ms at 8 kHz");
    ringing.consult().tell(new AgentCall.Answer.AgentAudio(ringing.transferId(), new byte[640]));
    testKit.createTestProbe().awaitAssert(() -> {
      assertFalse(line.sent.isEmpty(), "the agent's 16 kHz frame went to the caller at 8 kHz");
      return null;
    });

    ringing.consult().tell(new AgentCall.Answer.HungUp(ringing.transferId()));
    testKit.createTestProbe().awaitAssert(() -> {
      assertTrue(heard.personLeft.isDone());
      return null;
    });
    testKit.createTestProbe().expectTerminated(consult);
  }

  @Test
  void everyAgentDecliningGivesTheCallerBackToTheBot() {
    TestProbe<AgentCall> dana = phone();
    TestProbe<AgentCall> lee = phone();
    consult(RINGS, 2);
    AgentCall.Ringing toDana = dana.expectMessageClass(AgentCall.Ringing.class);
    AgentCall.Ringing toLee = lee.expectMessageClass(AgentCall.Ringing.class);
    toDana.consult().tell(new AgentCall.Answer.Decline(toDana.transferId(), "dana", dana.getRef()));
    assertFalse(heard.outcome.isDone(), "one agent may still take it");
    toLee.consult().tell(new AgentCall.Answer.Decline(toLee.transferId(), "lee", lee.getRef()));
    assertEquals(WarmTransferOutcome.DECLINED, heard.outcome());
    assertTrue(line.backToBot, "the caller's words go to the bot again");
    assertNull(line.playing);
  }

  @Test
  void aCallNobodyTakesRingsOutAndNoAgentOnlineIsNoAnswer() {
    TestProbe<AgentCall> dana = phone();
    consult(Duration.ofMillis(300), 1);
    dana.expectMessageClass(AgentCall.Ringing.class);
    assertEquals("rang_out", dana.expectMessageClass(AgentCall.Over.class).reason());
    assertEquals(WarmTransferOutcome.NO_ANSWER, heard.outcome());

    Heard alone = new Heard();
    testKit.spawn(ConsoleConsult.create(SessionId.random("nobody-online"), new Line(), "brief", RINGS, alone));
    assertEquals(WarmTransferOutcome.NO_ANSWER, alone.outcome());
  }

  @Test
  void theCallerLeavingStopsTheRingingWithoutAnOutcome() {
    TestProbe<AgentCall> dana = phone();
    ActorRef<ConsoleConsult.Command> consult = consult(RINGS, 1);
    dana.expectMessageClass(AgentCall.Ringing.class);
    consult.tell(new ConsoleConsult.CallerLeft());
    assertEquals("caller_left", dana.expectMessageClass(AgentCall.Over.class).reason());
    testKit.createTestProbe().expectTerminated(consult);
    assertFalse(heard.outcome.isDone());
  }

  @Test
  void whatTheCallAndTheConsolePhoneSayCrossesNodesAsJacksonCbor() {
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    TestProbe<AgentCall> phone = testKit.createTestProbe();
    TestProbe<AgentCall.Answer> consult = testKit.createTestProbe();
    AgentCall.Ringing ringing = new AgentCall.Ringing("t-1", "s-1", "Order 1042 was lost.", consult.getRef());
    assertTrue(serialization.findSerializerFor(ringing) instanceof JacksonCborSerializer, "bound as CborSerializable");
    assertEquals(ringing, roundTrip(serialization, ringing));
    AgentCall.Answer.Accept accept = new AgentCall.Answer.Accept("t-1", "dana", phone.getRef());
    assertEquals(accept, roundTrip(serialization, accept));
    AgentCall.CallerAudio audio = new AgentCall.CallerAudio("t-1", new byte[] {1, 2, 3, 4});
    assertArrayEquals(audio.pcm(), ((AgentCall.CallerAudio) roundTrip(serialization, audio)).pcm());
    AgentCall.Answer.AgentAudio microphone = new AgentCall.Answer.AgentAudio("t-1", new byte[] {5, 6});
    assertArrayEquals(microphone.pcm(), ((AgentCall.Answer.AgentAudio) roundTrip(serialization, microphone)).pcm());
  }

  private static Object roundTrip(Serialization serialization, Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    return serialization.deserialize(serialization.serialize(message).get(), serializer.identifier(),
        Serializers.manifestFor(serializer, message)).get();
  }

  /** A console phone of this test's tenant, registered. */
  private TestProbe<AgentCall> phone() {
    TestProbe<AgentCall> phone = testKit.createTestProbe();
    testKit.system().receptionist().tell(Receptionist.register(AgentCall.phonesOf(tenant), phone.getRef()));
    return phone;
  }

  /** The consult, once the receptionist lists this tenant's {@code phones}. */
  private ActorRef<ConsoleConsult.Command> consult(Duration ringFor, int phones) {
    TestProbe<Receptionist.Listing> listing = testKit.createTestProbe();
    listing.awaitAssert(() -> {
      testKit.system().receptionist().tell(Receptionist.find(AgentCall.phonesOf(tenant), listing.getRef()));
      assertEquals(phones, listing.receiveMessage().getServiceInstances(AgentCall.phonesOf(tenant)).size());
      return null;
    });
    return testKit.spawn(ConsoleConsult.create(SessionId.random(tenant), line, "Order 1042 was lost in transit.",
        ringFor, heard));
  }

  private static final class Line implements HeldLine {
    volatile Consumer<short[]> hearing;
    volatile Supplier<short[]> playing;
    volatile boolean backToBot;
    final List<short[]> sent = new CopyOnWriteArrayList<>();

    @Override
    public void hearing(Consumer<short[]> next) {
      hearing = next;
    }

    @Override
    public void backToBot() {
      backToBot = true;
    }

    @Override
    public void play(Supplier<short[]> source) {
      playing = source;
    }

    @Override
    public void send(short[] samples) {
      sent.add(samples);
    }
  }

  private static final class Heard implements ConsultListener {
    final CompletableFuture<WarmTransferOutcome> outcome = new CompletableFuture<>();
    final CompletableFuture<Void> personLeft = new CompletableFuture<>();

    @Override
    public void decided(WarmTransferOutcome decided, Optional<Integer> sipStatus) {
      outcome.complete(decided);
    }

    @Override
    public void personLeft() {
      personLeft.complete(null);
    }

    WarmTransferOutcome outcome() {
      return outcome.orTimeout(10, TimeUnit.SECONDS).join();
    }
  }
}
