package io.parley.sessions.entity.voice;

import io.parley.sessions.entity.SessionCommand.NoteRecordingConsent;
import io.parley.sessions.entity.SessionCommand.RecordPlayed;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.PlayedToCaller;
import io.parley.sessions.entity.SessionEvent.RecordingConsentNoted;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * What a voice call played to its caller, recorded for the conversations read model's spoken time,
 * and what its caller was told or said of its recording. A closed session records what was played too: a call learns of the close after the audio it was playing went
 * out, and the caller heard that audio all the same.
 */
public record CallAudioCommands(SessionEffects effect, SessionScope scope) {

  /** What the caller was told or said of the call's recording, noted while the session is open. */
  public ReplyEffect<SessionEvent, SessionState> onNoteRecordingConsent(SessionState state, NoteRecordingConsent cmd) {
    return effect.persist(new RecordingConsentNoted(cmd.consent(), scope.now()))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(Done.getInstance()));
  }

  public ReplyEffect<SessionEvent, SessionState> onRecordPlayed(SessionState state, RecordPlayed cmd) {
    if (cmd.millis() <= 0) return effect.reply(cmd.replyTo(), StatusReply.success(Done.getInstance()));
    return effect.persist(new PlayedToCaller(cmd.turnId(), cmd.millis(), scope.now()))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(Done.getInstance()));
  }
}
