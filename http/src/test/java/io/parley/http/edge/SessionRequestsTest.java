package io.parley.http.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.ClassResource;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests an edge asks through {@link SessionRequests}, of sessions the test plays with probes: a
 * lost attempt is sent again to the sharding address, each request is answered once, a request
 * nobody answers is refused at its timeout, and the updates held meanwhile follow the answer.
 */
class SessionRequestsTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final Duration WAIT = Duration.ofSeconds(5);
  /** What this test's edge tells: each answer and each update it acts on. */
  private final TestProbe<String> seen = testKit.createTestProbe();
  /** The session this test's edge asks, played by the test. */
  private final TestProbe<SessionCommand> session = testKit.createTestProbe();

  sealed interface Command {}

  /** Posts message {@code clientMsgId}: first to {@code first}, again to {@code again}. */
  record Post(String clientMsgId, ActorRef<SessionCommand> first, ActorRef<SessionCommand> again) implements Command {}

  record Update(String text) implements Command {}

  private record Signal(SessionRequests.Signal signal) implements Command {}

  /** An edge that tells {@code seen} each answer ("acked c-1 at 4", "refused unavailable") and each update it acts on. */
  private static Behavior<Command> edge(Duration askTimeout, ActorRef<String> seen) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(16, held -> {
      SessionRequests<Command, String> requests = SessionRequests.holding(
          new SessionRequests.Edge<>(ctx, timers, Signal::new), askTimeout, held);
      return running(requests, seen);
    })));
  }

  private static Behavior<Command> running(SessionRequests<Command, String> requests, ActorRef<String> seen) {
    return Behaviors.receive(Command.class)
        .onMessage(Post.class, post -> {
          requests.ask(post.first(), post.again(), SessionCommand.Accepted.class,
              replyTo -> new SessionCommand.PostUserMessage(post.clientMsgId(), "hello", replyTo),
              accepted -> "acked " + post.clientMsgId() + " at " + accepted.seq(),
              refusal -> "refused " + post.clientMsgId() + " " + refusal.code().wireName());
          return Behaviors.same();
        })
        .onMessage(Update.class, update -> {
          if (requests.awaiting()) {
            assertTrue(requests.hold(update));
          } else {
            seen.tell(update.text());
          }
          return Behaviors.same();
        })
        .onMessage(Signal.class, signal -> requests.onSignal(signal.signal()).map(answer -> {
          seen.tell(answer);
          return requests.release(running(requests, seen));
        }).orElseGet(Behaviors::same))
        .build();
  }

  @Test
  void aLostAttemptIsAskedAgainThroughShardingAndAnsweredOnce() {
    TestProbe<SessionCommand> stoppedIncarnation = testKit.createTestProbe();
    TestProbe<SessionCommand> sharding = testKit.createTestProbe();
    ActorRef<Command> edge = testKit.spawn(edge(Duration.ofSeconds(3), seen.getRef()));

    edge.tell(new Post("c-1", stoppedIncarnation.getRef(), sharding.getRef()));

    SessionCommand.PostUserMessage lost = stoppedIncarnation.expectMessageClass(SessionCommand.PostUserMessage.class);
    SessionCommand.PostUserMessage again = sharding.expectMessageClass(SessionCommand.PostUserMessage.class, WAIT);
    assertEquals("c-1", again.clientMsgId());
    again.replyTo().tell(StatusReply.success(new SessionCommand.Accepted(4, "turn-4", false)));
    assertEquals("acked c-1 at 4", seen.receiveMessage(WAIT));
    // The first attempt's reply, late, is the same request's: no second answer.
    lost.replyTo().tell(StatusReply.success(new SessionCommand.Accepted(4, "turn-4", true)));
    seen.expectNoMessage(Duration.ofMillis(700));
    sharding.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aRequestNobodyAnswersIsRefusedAtItsTimeoutAsUnavailable() {
    ActorRef<Command> edge = testKit.spawn(edge(Duration.ofMillis(1400), seen.getRef()));

    edge.tell(new Post("c-1", session.getRef(), session.getRef()));

    assertEquals("refused c-1 unavailable", seen.receiveMessage(WAIT));
    // The first attempt and the repeats an attempt's time apart, none after the timeout.
    assertTrue(session.receiveSeveralMessages(3, WAIT).stream()
        .allMatch(sent -> sent instanceof SessionCommand.PostUserMessage));
    session.expectNoMessage(Duration.ofMillis(700));
  }

  @Test
  void updatesThatCameWhileARequestWaitedFollowItsAnswer() {
    ActorRef<Command> edge = testKit.spawn(edge(Duration.ofSeconds(3), seen.getRef()));

    edge.tell(new Post("c-1", session.getRef(), session.getRef()));
    SessionCommand.PostUserMessage post = session.expectMessageClass(SessionCommand.PostUserMessage.class);
    edge.tell(new Update("the answer"));
    seen.expectNoMessage(Duration.ofMillis(200));
    post.replyTo().tell(StatusReply.success(new SessionCommand.Accepted(1, "turn-1", false)));

    assertEquals("acked c-1 at 1", seen.receiveMessage(WAIT));
    assertEquals("the answer", seen.receiveMessage(WAIT));
    edge.tell(new Update("live again"));
    assertEquals("live again", seen.receiveMessage(WAIT));
  }

  @Test
  void requestsUnderWayTogetherAreEachAnsweredWithTheirOwnReply() {
    ActorRef<Command> edge = testKit.spawn(edge(Duration.ofSeconds(3), seen.getRef()));

    edge.tell(new Post("c-1", session.getRef(), session.getRef()));
    edge.tell(new Post("c-2", session.getRef(), session.getRef()));
    SessionCommand.PostUserMessage first = assertInstanceOf(SessionCommand.PostUserMessage.class, session.receiveMessage());
    SessionCommand.PostUserMessage second = assertInstanceOf(SessionCommand.PostUserMessage.class, session.receiveMessage());
    second.replyTo().tell(StatusReply.success(new SessionCommand.Accepted(2, "turn-2", false)));
    first.replyTo().tell(StatusReply.error(io.parley.core.session.Refusal.of(
        io.parley.core.session.ErrorCode.CONFLICT, "the session is closed")));

    // Each reply reaches the edge through its own ask, so the two may come in either order.
    assertEquals(Set.of("acked c-2 at 2", "refused c-1 conflict"),
        Set.of(seen.receiveMessage(WAIT), seen.receiveMessage(WAIT)));
  }
}
