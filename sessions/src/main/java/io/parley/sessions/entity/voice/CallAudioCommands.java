package io.parley.sessions.entity.voice;

import io.parley.sessions.entity.SessionCommand.RecordPlayed;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.PlayedToCaller;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * What a voice call played to its caller, recorded for the conversations read model's spoken time.
 * A closed session records it too: a call learns of the close after the audio it was playing went
 * out, and the caller heard that audio all the same.
 */
public record CallAudioCommands(SessionEffects effect, SessionScope scope) {

  public ReplyEffect<SessionEvent, SessionState> onRecordPlayed(SessionState state, RecordPlayed cmd) {
    if (cmd.millis() <= 0) return effect.reply(cmd.replyTo(), StatusReply.success(Done.getInstance()));
    return effect.persist(new PlayedToCaller(cmd.turnId(), cmd.millis(), scope.now()))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(Done.getInstance()));
  }
}
