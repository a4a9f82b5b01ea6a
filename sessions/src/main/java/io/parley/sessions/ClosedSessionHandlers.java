package io.parley.sessions;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.SessionCommand.ArchiveWritten;
import io.parley.sessions.SessionCommand.Close;
import io.parley.sessions.SessionCommand.Closing;
import io.parley.sessions.SessionCommand.MemoryWritten;
import io.parley.sessions.SessionCommand.PostUserMessage;
import io.parley.sessions.SessionEvent.MemoryRecorded;
import io.parley.sessions.SessionEvent.SessionArchived;
import io.parley.sessions.SessionState.Closed;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The commands of a {@link Closed} session: repeats are answered, new messages refused, and the
 * outcomes of the {@link CloseCompletion} steps recorded, each once.
 */
record ClosedSessionHandlers(
    EffectFactories<SessionEvent, SessionState> effect, SessionRuntime runtime, StartedSessionHandlers started) {
  ReplyEffect<SessionEvent, SessionState> onUserMessage(Closed state, PostUserMessage cmd) {
    return started.ackAgain(state, cmd.clientMsgId(), cmd.replyTo())
        .orElseGet(() -> effect.reply(cmd.replyTo(),
            StatusReply.error(Refusal.of(ErrorCode.BAD_REQUEST, "the session is closed"))));
  }

  ReplyEffect<SessionEvent, SessionState> onClose(Closed state, Close cmd) {
    return effect.reply(cmd.replyTo(), StatusReply.success(new Closing(state.reason())));
  }

  ReplyEffect<SessionEvent, SessionState> onArchiveWritten(Closed state, ArchiveWritten cmd) {
    runtime.closeCompletion().archiveWritten();
    if (!state.needsArchive()) return effect.noReply();
    return effect
        .persist(new SessionArchived(cmd.key(), cmd.sha256(), cmd.bytes(), cmd.location(), runtime.now()))
        .thenRun(archived -> runtime.log(Level.INFO).log("session archived to {}/{}", cmd.location(), cmd.key()))
        .thenNoReply();
  }

  ReplyEffect<SessionEvent, SessionState> onMemoryWritten(Closed state, MemoryWritten cmd) {
    runtime.closeCompletion().memoryWritten();
    if (!state.needsMemory()) return effect.noReply();
    return effect.persist(new MemoryRecorded(runtime.now())).thenNoReply();
  }
}
