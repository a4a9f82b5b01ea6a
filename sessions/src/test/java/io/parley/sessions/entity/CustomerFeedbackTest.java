package io.parley.sessions.entity;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.archive.ArchiveStore;
import io.parley.core.session.Channel;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.PageContext;
import io.parley.core.session.Rating;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.core.testing.SteppedClock;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionEvent.Rated;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Open;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A session's page context (the latest kept) and its one rating: while open, and after the close
 * within the rating window, which writes the archive document again with it; not after the window.
 */
class CustomerFeedbackTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final ArchiveStore archive = TestSessionServices.newArchive();

  private EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> started() {
    var kit = EventSourcedBehaviorTestKit.<SessionCommand, SessionEvent, SessionState>create(testKit.system(),
        ChatSession.create(SessionId.random("acme"), shard.getRef(), TestSessionServices.withClock(
            TestSessionServices.create(Optional.empty(), TestSessionServices.settings(), archive), clock)));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.of("ada"), Channel.CHAT, replyTo));
    return kit;
  }

  private static PageContext page(Map<String, String> fields) {
    return new PageContext(fields);
  }

  @Test
  void theLatestPageContextIsKeptAndTheSameOneIsNotStoredAgain() {
    var kit = started();
    var first = kit.<StatusReply<Done>>runCommand(replyTo ->
        new SessionCommand.SetPageContext(page(Map.of("url", "https://www.acme.example/", "plan", "free")), replyTo));
    assertTrue(first.reply().isSuccess());
    kit.<StatusReply<Done>>runCommand(replyTo ->
        new SessionCommand.SetPageContext(page(Map.of("url", "https://www.acme.example/pricing", "seats", "5")), replyTo));
    var again = kit.<StatusReply<Done>>runCommand(replyTo ->
        new SessionCommand.SetPageContext(page(Map.of("url", "https://www.acme.example/pricing", "seats", "5")), replyTo));
    assertEquals(0, again.events().size(), "the same page again stores nothing");
    assertEquals(Optional.of(page(Map.of("url", "https://www.acme.example/pricing", "seats", "5"))),
        ((Open) kit.getState()).notes().page());
    kit.restart();
    assertEquals(Map.of("url", "https://www.acme.example/pricing", "seats", "5"),
        ((Open) kit.getState()).notes().page().orElseThrow().fields(), "recovered");
  }

  @Test
  void anOpenConversationIsRatedOnceAndItsFollowersHearIt() {
    var kit = started();
    TestProbe<SessionUpdate> follower = testKit.createTestProbe();
    kit.runCommand(new SessionCommand.Subscribe(0, follower.getRef(), Optional.empty()));
    follower.expectMessageClass(SessionUpdate.Joined.class);

    var rated = kit.<StatusReply<Rating>>runCommand(replyTo -> new SessionCommand.Rate(5, Optional.of("Quick and kind"), replyTo));
    assertEquals(new Rated(5, Optional.of("Quick and kind"), clock.instant()), rated.eventOfType(Rated.class));
    assertEquals(new Rating(5, Optional.of("Quick and kind"), clock.instant()), Replies.value(rated.reply()));
    assertEquals(5, follower.expectMessageClass(SessionUpdate.Rated.class).rating().score());

    var twice = kit.<StatusReply<Rating>>runCommand(replyTo -> new SessionCommand.Rate(1, Optional.empty(), replyTo));
    assertEquals(ErrorCode.CONFLICT, Replies.refusal(twice.reply()).code());
    assertEquals(0, twice.events().size());
    var retried = kit.<StatusReply<Rating>>runCommand(replyTo -> new SessionCommand.Rate(5, Optional.of("Quick and kind"), replyTo));
    assertEquals(Replies.value(rated.reply()), Replies.value(retried.reply()), "a retry of the rating is answered as it was");
    assertEquals(0, retried.events().size());
    follower.expectNoMessage();
  }

  @Test
  void aClosedConversationIsRatedWithinTheWindowAndItsArchiveWrittenAgain() {
    var kit = started();
    kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("done", replyTo));
    Closed archived = awaitArchived(kit);
    clock.advance(Duration.ofDays(6));

    var rated = kit.<StatusReply<Rating>>runCommand(replyTo -> new SessionCommand.Rate(2, Optional.of("Slow"), replyTo));
    assertEquals(2, Replies.value(rated.reply()).score());
    Closed rearchived = awaitArchived(kit);
    SessionArchiveDocument document = SessionArchiveDocument.fromJson(
        archive.get(rearchived.archive().orElseThrow().key()).orElseThrow());
    assertEquals(Optional.of(new Rating(2, Optional.of("Slow"), clock.instant())), document.rating());
    assertEquals(archived.archive().orElseThrow().key(), rearchived.archive().orElseThrow().key(), "the same document");
    kit.restart();
    assertEquals(2, ((Closed) kit.getState()).notes().rating().orElseThrow().score(), "recovered");
  }

  @Test
  void aConversationClosedLongerThanTheWindowIsNotRated() {
    var kit = started();
    kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("done", replyTo));
    awaitArchived(kit);
    clock.advance(Duration.ofDays(7).plusSeconds(1));

    var late = kit.<StatusReply<Rating>>runCommand(replyTo -> new SessionCommand.Rate(4, Optional.empty(), replyTo));
    Refusal refusal = Replies.refusal(late.reply());
    assertEquals(ErrorCode.BAD_REQUEST, refusal.code());
    assertTrue(refusal.getMessage().contains("7 days") && refusal.getMessage().contains("PARLEY_RATING_WINDOW"),
        refusal.getMessage());
    assertEquals(0, late.events().size());
  }

  private static Closed awaitArchived(EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> kit) {
    return (Closed) await("the session archived").atMost(Duration.ofSeconds(20)).pollInSameThread()
        .until(kit::getState, state -> state instanceof Closed closed && closed.archive().isPresent());
  }
}
