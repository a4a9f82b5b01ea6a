package io.parley.http.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.ClassResource;
import io.parley.http.chat.ClientOutbox.Outbound;
import io.parley.http.chat.FrameCodec.Parsed;
import io.parley.http.chat.FrameCodec.Rejected;
import io.parley.core.session.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BufferOverflowException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat socket's stage against a connection the test plays: what it is told, when the next
 * client message is read, and how each side's end reaches the other.
 */
class ChatSocketStageTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** A connection that passes everything it is told to {@code probe}. */
  private static Behavior<ConnectionCommand> played(TestProbe<ConnectionCommand> probe) {
    return Behaviors.receiveMessage(command -> {
      probe.getRef().tell(command);
      return Behaviors.same();
    });
  }

  /** Text messages are "read" as a rejection carrying their text, so the test sees which one came. */
  private CompletionStage<Parsed> read(Message message) {
    TextMessage text = message.asTextMessage();
    if (text.isStrict()) return CompletableFuture.completedFuture(new Rejected(ErrorCode.BAD_REQUEST, text.getStrictText()));
    return text.getStreamedText().runFold("", String::concat, testKit.system())
        .thenApply(all -> new Rejected(ErrorCode.BAD_REQUEST, all));
  }

  private static Message write(Outbound outbound) {
    return TextMessage.create(outbound.toString());
  }

  private Flow<Message, Message, ?> stage(TestProbe<ConnectionCommand> probe, int outboundLimit) {
    return Flow.fromGraph(new ChatSocketStage(testKit.system(), played(probe), this::read,
        ChatSocketStageTest::write, outboundLimit));
  }

  /** A client that sends nothing and reads a frame only when the test pulls one. */
  private SinkQueueWithCancel<Message> readingOnRequest(TestProbe<ConnectionCommand> probe, int outboundLimit) {
    return Source.<Message>never()
        .via(stage(probe, outboundLimit))
        .toMat(Sink.<Message>queue().withAttributes(Attributes.inputBuffer(1, 1)), Keep.right())
        .run(testKit.system());
  }

  private static String text(ConnectionCommand command) {
    return ((Rejected) assertInstanceOf(ConnectionCommand.Inbound.class, command).parsed()).message();
  }

  /** The connection's ack and outbound refs, from what it is told first. */
  private record Opened(ActorRef<Outbound> out, ActorRef<ConnectionCommand.Ack> acks) {}

  private static Opened opened(TestProbe<ConnectionCommand> probe) {
    ActorRef<Outbound> out = probe.expectMessageClass(ConnectionCommand.OutboundOpened.class, WAIT).out();
    ActorRef<ConnectionCommand.Ack> acks = probe.expectMessageClass(ConnectionCommand.StreamStarted.class, WAIT).ackTo();
    return new Opened(out, acks);
  }

  @Test
  void theNextClientMessageIsReadOnlyOnceTheConnectionAcknowledgesTheLast() {
    TestProbe<ConnectionCommand> probe = testKit.createTestProbe();
    Source.from(List.<Message>of(TextMessage.create("first"), TextMessage.create(Source.from(List.of("sec", "ond"))),
            TextMessage.create("third")))
        .concat(Source.never())
        .via(stage(probe, 16))
        .runWith(Sink.ignore(), testKit.system());
    Opened opened = opened(probe);
    probe.expectNoMessage(Duration.ofMillis(200));

    opened.acks().tell(ConnectionCommand.Ack.NEXT);
    assertEquals("first", text(probe.receiveMessage(WAIT)));
    probe.expectNoMessage(Duration.ofMillis(200));
    opened.acks().tell(ConnectionCommand.Ack.NEXT);
    assertEquals("second", text(probe.receiveMessage(WAIT)), "a streamed message is read whole");
    opened.acks().tell(ConnectionCommand.Ack.NEXT);
    assertEquals("third", text(probe.receiveMessage(WAIT)));
  }

  @Test
  void theSocketReadsAheadWhileTheConnectionWorksAndHandsOverInOrder() {
    TestProbe<ConnectionCommand> probe = testKit.createTestProbe();
    java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
    Source.range(1, 40).map(i -> {
          read.incrementAndGet();
          return (Message) TextMessage.create("m" + i);
        })
        .concat(Source.never())
        .via(stage(probe, 16))
        .runWith(Sink.ignore(), testKit.system());
    Opened opened = opened(probe);
    // Nothing handed over before the start is acknowledged, but the socket goes on reading (its pings
    // and close are answered meanwhile), up to a bound.
    probe.expectNoMessage(Duration.ofMillis(300));
    assertTrue(read.get() > 1 && read.get() < 40, "read ahead: " + read.get());
    for (int i = 1; i <= 40; i++) {
      opened.acks().tell(ConnectionCommand.Ack.NEXT);
      assertEquals("m" + i, text(probe.receiveMessage(WAIT)));
    }
  }

  @Test
  void aConnectionThatStopsEndsTheSocket() throws Exception {
    TestProbe<ConnectionCommand> probe = testKit.createTestProbe();
    Behavior<ConnectionCommand> failing = Behaviors.receiveMessage(command -> {
      probe.getRef().tell(command);
      return command instanceof ConnectionCommand.Inbound ? Behaviors.stopped() : Behaviors.same();
    });
    CompletionStage<List<Message>> written = Source.<Message>single(TextMessage.create("boom")).concat(Source.never())
        .via(Flow.fromGraph(new ChatSocketStage(testKit.system(), failing, this::read,
            ChatSocketStageTest::write, 16)))
        .runWith(Sink.seq(), testKit.system());
    opened(probe).acks().tell(ConnectionCommand.Ack.NEXT);
    probe.expectMessageClass(ConnectionCommand.Inbound.class, WAIT);
    assertEquals(List.of(), written.toCompletableFuture().get(5, TimeUnit.SECONDS), "the socket ended with its connection");
  }

  @Test
  void framesQueuedBeforeDoneAreWrittenThenTheSocketEnds() throws Exception {
    TestProbe<ConnectionCommand> probe = testKit.createTestProbe();
    // A client that reads nothing yet: the frames wait in the stage when Done comes.
    SinkQueueWithCancel<Message> client = readingOnRequest(probe, 16);
    Opened opened = opened(probe);
    for (int i = 1; i <= 3; i++) opened.out().tell(new Outbound.Frame(new ServerFrame.Typing("turn-" + i)));
    opened.out().tell(new Outbound.Done());
    opened.out().tell(new Outbound.Frame(new ServerFrame.Typing("turn-4")));
    probe.expectNoMessage(Duration.ofMillis(200));

    for (int i = 1; i <= 3; i++) {
      Optional<Message> frame = client.pull().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertTrue(frame.orElseThrow().asTextMessage().getStrictText().contains("turn-" + i), frame.toString());
    }
    assertEquals(Optional.empty(), client.pull().toCompletableFuture().get(5, TimeUnit.SECONDS),
        "the socket ends after the frames before Done, and nothing after it");
    probe.expectMessageClass(ConnectionCommand.StreamEnded.class, WAIT);
  }

  @Test
  void aClientThatReadsTooSlowlyFailsTheSocketAndTheConnectionHearsIt() throws Exception {
    TestProbe<ConnectionCommand> probe = testKit.createTestProbe();
    SinkQueueWithCancel<Message> client = readingOnRequest(probe, 3);
    Opened opened = opened(probe);
    for (int i = 0; i < 10; i++) opened.out().tell(new Outbound.Frame(new ServerFrame.Typing("turn-" + i)));

    ConnectionCommand.StreamFailed failed = probe.expectMessageClass(ConnectionCommand.StreamFailed.class, WAIT);
    assertInstanceOf(BufferOverflowException.class, failed.cause());
    ExecutionException thrown = null;
    try {
      for (int i = 0; i < 10; i++) client.pull().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      thrown = e;
    }
    assertTrue(thrown != null && thrown.getCause() instanceof BufferOverflowException, String.valueOf(thrown));
  }

  @Test
  void theClientsEndReachesTheConnectionAndEndsTheOutboundSide() throws Exception {
    TestProbe<ConnectionCommand> probe = testKit.createTestProbe();
    CompletionStage<List<Message>> written = Source.<Message>single(TextMessage.create("bye"))
        .via(stage(probe, 16))
        .runWith(Sink.seq(), testKit.system());
    Opened opened = opened(probe);
    opened.acks().tell(ConnectionCommand.Ack.NEXT);
    assertEquals("bye", text(probe.receiveMessage(WAIT)));
    probe.expectMessageClass(ConnectionCommand.StreamEnded.class, WAIT);
    assertEquals(List.of(), written.toCompletableFuture().get(5, TimeUnit.SECONDS));
  }
}
