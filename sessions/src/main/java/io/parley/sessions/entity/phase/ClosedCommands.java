package io.parley.sessions.entity.phase;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.entity.InternalCommand.ArchiveWritten;
import io.parley.sessions.entity.InternalCommand.MemoryWritten;
import io.parley.sessions.entity.SessionCommand.Close;
import io.parley.sessions.entity.SessionCommand.Closing;
import io.parley.sessions.entity.SessionCommand.PostUserMessage;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.MemoryRecorded;
import io.parley.sessions.entity.SessionEvent.SessionArchived;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The commands of a {@link Closed} session: repeats are answered, new messages refused, and the
 * outcomes of the {@link CloseCompletion} steps recorded, each once.
 */
public record ClosedCommands(SessionEffects effect, SessionScope scope, RepeatedMessages repeats,
    CloseCompletion completion) {

  public ReplyEffect<SessionEvent, SessionState> onUserMessage(Closed state, PostUserMessage cmd) {
    return repeats.ackAgain(state, cmd.clientMsgId(), cmd.replyTo())
        .orElseGet(() -> effect.reply(cmd.replyTo(),
            StatusReply.error(Refusal.of(ErrorCode.BAD_REQUEST, "the session is closed"))));
  }

  public ReplyEffect<SessionEvent, SessionState> onClose(Closed state, Close cmd) {
    return effect.reply(cmd.replyTo(), StatusReply.success(new Closing(state.reason())));
  }

  public ReplyEffect<SessionEvent, SessionState> onArchiveWritten(Closed state, ArchiveWritten cmd) {
    boolean current = completion.archiveWritten();
    if (!state.needsArchive()) return effect.noReply();
    if (!current) {
      completion.maybeStart(state);
      return effect.noReply();
    }
    return effect
        .persist(new SessionArchived(cmd.key(), cmd.sha256(), cmd.bytes(), cmd.location(), scope.now()))
        .thenRun(archived -> scope.log(Level.INFO).log("session archived to {}/{}", cmd.location(), cmd.key()))
        .thenNoReply();
  }

  public ReplyEffect<SessionEvent, SessionState> onMemoryWritten(Closed state, MemoryWritten cmd) {
    completion.memoryWritten();
    if (!state.needsMemory()) return effect.noReply();
    return effect.persist(new MemoryRecorded(scope.now())).thenNoReply();
  }
}
