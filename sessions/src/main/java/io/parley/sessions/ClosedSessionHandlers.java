package io.parley.sessions;

import io.parley.core.session.ErrorCode;
import io.parley.sessions.ChatSession.ArchiveWritten;
import io.parley.sessions.ChatSession.Close;
import io.parley.sessions.ChatSession.Event;
import io.parley.sessions.ChatSession.MemoryRecorded;
import io.parley.sessions.ChatSession.MemoryWritten;
import io.parley.sessions.ChatSession.PostUserMessage;
import io.parley.sessions.ChatSession.SessionArchived;
import io.parley.sessions.Outcome.Closing;
import io.parley.sessions.SessionState.Closed;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The commands of a {@link Closed} session: repeats are answered, new messages refused, and the
 * outcomes of the {@link CloseCompletion} steps recorded, each once.
 */
record ClosedSessionHandlers(EffectFactories<Event, SessionState> effect, SessionRuntime runtime) {
  ReplyEffect<Event, SessionState> onUserMessage(Closed state, PostUserMessage cmd) {
    return OpenSessionHandlers.ackAgain(effect, state, cmd.clientMsgId(), cmd.replyTo())
        .orElseGet(() -> effect.reply(cmd.replyTo(), Outcome.refused(ErrorCode.BAD_REQUEST, "the session is closed")));
  }

  ReplyEffect<Event, SessionState> onClose(Closed state, Close cmd) {
    return effect.reply(cmd.replyTo(), Outcome.ok(new Closing(state.reason())));
  }

  ReplyEffect<Event, SessionState> onArchiveWritten(Closed state, ArchiveWritten cmd) {
    runtime.closeCompletion().archiveWritten();
    if (!state.needsArchive()) return effect.noReply();
    return effect
        .persist(new SessionArchived(cmd.key(), cmd.sha256(), cmd.bytes(), cmd.location(), runtime.now()))
        .thenRun(archived -> runtime.log(Level.INFO).log("session archived to {}/{}", cmd.location(), cmd.key()))
        .thenNoReply();
  }

  ReplyEffect<Event, SessionState> onMemoryWritten(Closed state, MemoryWritten cmd) {
    runtime.closeCompletion().memoryWritten();
    if (!state.needsMemory()) return effect.noReply();
    return effect.persist(new MemoryRecorded(runtime.now())).thenNoReply();
  }
}
