package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.session.Channel;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.core.testing.SteppedClock;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.entity.SessionEvent.PlayedToCaller;
import io.parley.sessions.entity.SessionState.Closed;
import java.time.Instant;
import java.util.List;
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
 * What a voice call played to its caller is recorded, in an open session and in one that closed while it played;
 * what its caller was told or said of the recording, while it is open.
 */
class CallAudioTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), ChatSession.create(SessionId.random("acme"), shard.getRef(),
          TestSessionServices.withClock(TestSessionServices.create(Optional.empty(), TestSessionServices.settings(),
              TestSessionServices.newArchive()), clock)));

  @Test
  void whatPlayedIsRecordedWhileOpenAndAfterTheCloseAndNothingPlayedRecordsNothing() {
    var early = kit.<StatusReply<Done>>runCommand(replyTo -> new SessionCommand.RecordPlayed("turn-1", 1_000, replyTo));
    assertEquals(ErrorCode.NOT_FOUND, Replies.refusal(early.reply()).code(), "no session yet");
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.PHONE, replyTo));

    var played = kit.<StatusReply<Done>>runCommand(replyTo -> new SessionCommand.RecordPlayed("greeting", 2_400, replyTo));
    assertTrue(played.reply().isSuccess());
    assertEquals(List.of(new PlayedToCaller("greeting", 2_400, clock.instant())), played.events());
    var none = kit.<StatusReply<Done>>runCommand(replyTo -> new SessionCommand.RecordPlayed("turn-1", 0, replyTo));
    assertTrue(none.reply().isSuccess());
    assertEquals(0, none.events().size(), "an answer nobody heard any of played for no time");

    kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("caller hung up", replyTo));
    Closed closed = (Closed) kit.getState();
    var afterClose = kit.<StatusReply<Done>>runCommand(replyTo -> new SessionCommand.RecordPlayed("turn-1", 3_100, replyTo));
    assertTrue(afterClose.reply().isSuccess());
    // The close's archive runs on its own and may persist its event in the same run.
    assertEquals(List.of(new PlayedToCaller("turn-1", 3_100, clock.instant())),
        afterClose.events().stream().filter(PlayedToCaller.class::isInstance).toList());
    assertEquals(closed.reason(), ((Closed) afterClose.state()).reason(), "still closed");
    kit.restart();
    assertTrue(kit.getState() instanceof Closed, "recovered past it");
  }

  @Test
  void theCallersConsentToTheRecordingIsNotedWhileTheSessionIsOpen() {
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.PHONE, replyTo));
    var asked = kit.<StatusReply<Done>>runCommand(replyTo -> new SessionCommand.NoteRecordingConsent(
        SessionEvent.RecordingConsentNoted.ASKED, replyTo));
    assertTrue(asked.reply().isSuccess());
    assertEquals(List.of(new SessionEvent.RecordingConsentNoted("asked", clock.instant())), asked.events());

    kit.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("caller hung up", replyTo));
    var late = kit.<StatusReply<Done>>runCommand(replyTo -> new SessionCommand.NoteRecordingConsent(
        SessionEvent.RecordingConsentNoted.GIVEN, replyTo));
    assertTrue(late.reply().isError(), "a closed call's caller says nothing more");
    kit.restart();
    assertTrue(kit.getState() instanceof Closed, "recovered past it");
  }
}
