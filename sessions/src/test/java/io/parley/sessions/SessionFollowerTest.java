package io.parley.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.core.testing.ClassResource;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A follower inside an edge actor (a small one of the test's), between the edge's probe and a
 * session played by probes: the session's sharding address and its incarnations. Each persisted
 * message reaches the edge once, across a new incarnation.
 */
class SessionFollowerTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final SessionId ID = SessionId.random("acme");
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

  private final TestProbe<SessionCommand> sharding = testKit.createTestProbe();
  private final TestProbe<SessionUpdate> edge = testKit.createTestProbe();

  private static ChatMessage message(long seq) {
    return new ChatMessage(seq, seq % 2 == 1 ? Role.USER : Role.ASSISTANT, "text " + seq, "turn-" + (seq + 1) / 2 * 2, AT);
  }

  private static SessionInfo info(long lastSeq) {
    return info(ID, lastSeq);
  }

  private static SessionInfo info(SessionId id, long lastSeq) {
    return new SessionInfo(id.wireId(), id.tenant(), Optional.empty(), Channel.CHAT, SessionStatus.OPEN, lastSeq, AT);
  }

  private sealed interface EdgeCommand {}

  private record Update(SessionUpdate update) implements EdgeCommand {}

  private record Signal(SessionFollower.Signal signal) implements EdgeCommand {}

  /** Asks the edge for the incarnation its follower speaks to. */
  private record AskIncarnation(ActorRef<Optional<ActorRef<SessionCommand>>> replyTo) implements EdgeCommand {}

  /**
   * An edge as the chat socket and the voice call are: the follower lives in its actor and gets its
   * updates and signals; what the follower passes on goes to the {@code edge} probe. Stopping the
   * edge stops the follower, once the follower stopped itself the edge stops too.
   */
  private ActorRef<EdgeCommand> follow(long afterSeq, Duration joinTimeout) {
    return testKit.spawn(Behaviors.<EdgeCommand>setup(ctx -> Behaviors.withTimers(timers -> {
      SessionFollower<EdgeCommand> follower = SessionFollower.follow(
          new SessionFollower.Edge<>(ctx, timers, ctx.messageAdapter(SessionUpdate.class, Update::new), Signal::new),
          ID, sharding.getRef(), afterSeq, Optional.empty(), joinTimeout);
      Function<Optional<SessionUpdate>, Behavior<EdgeCommand>> passOn = passed -> {
        passed.ifPresent(edge.getRef()::tell);
        return passed.orElse(null) instanceof SessionUpdate.Refused ? Behaviors.stopped() : Behaviors.same();
      };
      return Behaviors.receive(EdgeCommand.class)
          .onMessage(Update.class, update -> passOn.apply(follower.onUpdate(update.update())))
          .onMessage(Signal.class, signal -> passOn.apply(follower.onSignal(signal.signal())))
          .onMessage(AskIncarnation.class, ask -> {
            ask.replyTo().tell(follower.incarnation());
            return Behaviors.same();
          })
          .onSignal(PostStop.class, stopped -> {
            follower.stop();
            return Behaviors.same();
          })
          .build();
    })));
  }

  @Test
  void eachMessageReachesTheEdgeOnceAcrossANewIncarnation() {
    ActorRef<EdgeCommand> follower = follow(1, Duration.ofSeconds(3));
    SessionCommand.Subscribe first = sharding.expectMessageClass(SessionCommand.Subscribe.class);
    assertEquals(1, first.afterSeq());
    TestProbe<SessionCommand> incarnation = testKit.createTestProbe();
    first.subscriber().tell(new SessionUpdate.Joined(incarnation.getRef(), info(2), List.of(message(2)), Optional.empty()));
    SessionUpdate.Joined joined = edge.expectMessageClass(SessionUpdate.Joined.class);
    assertEquals(List.of(message(2)), joined.replay());
    TestProbe<Optional<ActorRef<SessionCommand>>> asked = testKit.createTestProbe();
    follower.tell(new AskIncarnation(asked.getRef()));
    assertEquals(Optional.of(incarnation.getRef()), asked.receiveMessage(),
        "the edge may speak to the incarnation that answered, without sharding");

    first.subscriber().tell(new SessionUpdate.MessageAdded(message(2)));
    first.subscriber().tell(new SessionUpdate.Delta("turn-4", "hel"));
    first.subscriber().tell(new SessionUpdate.MessageAdded(message(3)));
    assertEquals(new SessionUpdate.Delta("turn-4", "hel"), edge.receiveMessage(), "a message seen before is dropped");
    assertEquals(new SessionUpdate.MessageAdded(message(3)), edge.receiveMessage());

    incarnation.stop();
    SessionCommand.Subscribe again = sharding.expectMessageClass(SessionCommand.Subscribe.class);
    assertEquals(3, again.afterSeq(), "the follower resumes after the last message the edge got");
    follower.tell(new AskIncarnation(asked.getRef()));
    assertEquals(Optional.empty(), asked.receiveMessage(), "requests go through sharding until the re-join");
    again.subscriber().tell(new SessionUpdate.Joined(testKit.createTestProbe().getRef(), info(4),
        List.of(message(3), message(4)), Optional.of("turn-6")));
    SessionUpdate.Joined rejoined = edge.expectMessageClass(SessionUpdate.Joined.class);
    assertEquals(List.of(message(4)), rejoined.replay());
    assertEquals(Optional.of("turn-6"), rejoined.turnInProgress());

    testKit.stop(follower);
    assertEquals(new SessionCommand.Unsubscribe(again.subscriber()), sharding.receiveMessage(),
        "a stopped follower leaves the session");
  }

  @Test
  void aFirstJoinWithoutAnswerIsRefusedAndTheFollowerStops() {
    ActorRef<EdgeCommand> follower = follow(0, Duration.ofMillis(200));
    sharding.expectMessageClass(SessionCommand.Subscribe.class);
    SessionUpdate.Refused refused = edge.expectMessageClass(SessionUpdate.Refused.class);
    assertEquals(ErrorCode.UNAVAILABLE, refused.code());
    edge.expectTerminated(follower);
  }

  /** An edge that left another session may still hear from it: nothing of it reaches the edge as this session's. */
  @Test
  void updatesBeforeThisSessionsJoinAreNotPassedOn() {
    follow(0, Duration.ofSeconds(3));
    SessionCommand.Subscribe subscribe = sharding.expectMessageClass(SessionCommand.Subscribe.class);
    SessionId other = SessionId.random("acme");
    subscribe.subscriber().tell(new SessionUpdate.Delta("turn-2", "someone else's"));
    subscribe.subscriber().tell(new SessionUpdate.Joined(testKit.createTestProbe().getRef(), info(other, 5),
        List.of(message(5)), Optional.empty()));
    edge.expectNoMessage(Duration.ofMillis(200));

    subscribe.subscriber().tell(new SessionUpdate.Joined(testKit.createTestProbe().getRef(), info(0), List.of(),
        Optional.empty()));
    assertEquals(ID.wireId(), edge.expectMessageClass(SessionUpdate.Joined.class).info().sessionId());

    subscribe.subscriber().tell(new SessionUpdate.Refused(ErrorCode.NOT_FOUND, "a late answer to another session"));
    subscribe.subscriber().tell(new SessionUpdate.Delta("turn-2", "hel"));
    assertEquals(new SessionUpdate.Delta("turn-2", "hel"), edge.receiveMessage(),
        "a refusal while nothing is asked is not this session's: the follow goes on");
  }

  @Test
  void aReJoinWithoutAnswerIsTriedAgain() {
    follow(0, Duration.ofMillis(300));
    SessionCommand.Subscribe first = sharding.expectMessageClass(SessionCommand.Subscribe.class);
    TestProbe<SessionCommand> incarnation = testKit.createTestProbe();
    first.subscriber().tell(new SessionUpdate.Joined(incarnation.getRef(), info(0), List.of(), Optional.empty()));
    edge.expectMessageClass(SessionUpdate.Joined.class);

    incarnation.stop();
    sharding.expectMessageClass(SessionCommand.Subscribe.class);
    sharding.expectMessageClass(SessionCommand.Subscribe.class, Duration.ofSeconds(2));
    edge.expectNoMessage(Duration.ofMillis(100));
  }

  /** A session moving off a crashed node: the first subscription is lost, the next one finds it long before the timeout. */
  @Test
  void aLostFirstSubscriptionIsSentAgainWithinTheJoinTimeout() {
    follow(0, Duration.ofSeconds(10));
    sharding.expectMessageClass(SessionCommand.Subscribe.class);
    SessionCommand.Subscribe again = sharding.expectMessageClass(SessionCommand.Subscribe.class, Duration.ofMillis(1500));
    again.subscriber().tell(new SessionUpdate.Joined(testKit.createTestProbe().getRef(), info(0), List.of(), Optional.empty()));
    edge.expectMessageClass(SessionUpdate.Joined.class);
  }
}
