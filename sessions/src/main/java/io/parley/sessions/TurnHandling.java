package io.parley.sessions;

import io.parley.core.llm.TokenUsage;
import io.parley.core.memory.SeqRange;
import io.parley.core.offline.OfflineReason;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.SessionCommand.RecordToolCalls;
import io.parley.sessions.SessionCommand.RecordToolResult;
import io.parley.sessions.SessionCommand.TurnAnswered;
import io.parley.sessions.SessionCommand.TurnDelta;
import io.parley.sessions.SessionCommand.TurnRunnerStopped;
import io.parley.sessions.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.SessionEvent.ToolCallCompleted;
import io.parley.sessions.SessionEvent.ToolCallsRequested;
import io.parley.sessions.SessionState.Open;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The turns of an open session: one {@link TurnRunner} child at a time answers the oldest
 * unanswered user message; its streamed deltas go to the subscribers, its tool calls and its
 * answer to the journal. Messages from a runner whose turn is no longer running are dropped.
 */
record TurnHandling(EffectFactories<SessionEvent, SessionState> effect, SessionRuntime runtime) {
  /** Starts a runner for the next unanswered user message, unless one is running. */
  void maybeStartTurn(SessionState state) {
    if (runtime.runningTurnId().isPresent() || !(state instanceof Open open)) return;
    open.nextTurn().ifPresent(userMessage -> {
      runtime.startTurn(TurnRunner.Request.of(runtime.id(), open, userMessage));
      runtime.subscribers().publish(new SessionUpdate.Typing(userMessage.turnId()));
    });
  }

  ReplyEffect<SessionEvent, SessionState> onRecordToolCalls(Open state, RecordToolCalls cmd) {
    if (!runtime.isRunning(cmd.turnId())) return effect.reply(cmd.replyTo(), Done.getInstance());
    return effect
        .persist(new ToolCallsRequested(cmd.turnId(), cmd.calls(), runtime.now()))
        .thenRun(after -> cmd.calls().forEach(call -> runtime.subscribers().publish(
            new SessionUpdate.ToolActivity(cmd.turnId(), call.name(), SessionUpdate.ToolActivity.STARTED, Optional.empty()))))
        .thenReply(cmd.replyTo(), after -> Done.getInstance());
  }

  ReplyEffect<SessionEvent, SessionState> onRecordToolResult(Open state, RecordToolResult cmd) {
    if (!runtime.isRunning(cmd.turnId())) return effect.reply(cmd.replyTo(), Done.getInstance());
    ToolRound.CompletedCall result = cmd.result();
    return effect
        .persist(new ToolCallCompleted(cmd.turnId(), result, runtime.now()))
        .thenRun(after -> runtime.subscribers().publish(new SessionUpdate.ToolActivity(cmd.turnId(), result.name(),
            result.ok() ? SessionUpdate.ToolActivity.SUCCEEDED : SessionUpdate.ToolActivity.FAILED,
            Optional.of(result.summary()))))
        .thenReply(cmd.replyTo(), after -> Done.getInstance());
  }

  ReplyEffect<SessionEvent, SessionState> onTurnDelta(Open state, TurnDelta cmd) {
    if (runtime.isRunning(cmd.turnId())) {
      runtime.subscribers().publish(new SessionUpdate.Delta(cmd.turnId(), cmd.text()));
    }
    return effect.noReply();
  }

  ReplyEffect<SessionEvent, SessionState> onTurnAnswered(Open state, TurnAnswered cmd) {
    if (!runtime.isRunning(cmd.turnId())) return effect.noReply();
    return persistAnswer(state, cmd.turnId(), cmd.text(), cmd.source(), cmd.usage(), cmd.summarize());
  }

  /** A runner that stopped without answering (it crashed): the user still gets an answer, never silence. */
  ReplyEffect<SessionEvent, SessionState> onTurnRunnerStopped(Open state, TurnRunnerStopped cmd) {
    if (!runtime.isRunning(cmd.turnId())) return effect.noReply();
    runtime.log(Level.ERROR).log("turn runner for {} stopped without an answer", cmd.turnId());
    String userText = state.nextTurn().map(ChatMessage::text).orElse("");
    String apology = runtime.services().offline().reply(userText, OfflineReason.MODEL_UNAVAILABLE, false).text();
    return persistAnswer(state, cmd.turnId(), apology, AnswerSource.OFFLINE, Optional.empty(), Optional.empty());
  }

  private ReplyEffect<SessionEvent, SessionState> persistAnswer(Open state, String turnId, String text, AnswerSource source,
      Optional<TokenUsage> usage, Optional<SeqRange> summarize) {
    long seq = state.transcript().nextSeq();
    Instant at = runtime.now();
    AssistantMessageAppended appended = new AssistantMessageAppended(seq, turnId, text, source, usage, at);
    SessionMetrics metrics = runtime.services().metrics();
    return effect
        .persist(FactEvents.with(appended, new ChatMessage(seq, Role.ASSISTANT, text, turnId, at), state.notes()))
        .thenRun(after -> {
          metrics.messagePersisted(runtime.id().tenant(), Role.ASSISTANT.wireName());
          usage.ifPresent(used -> runtime.answerUsed(turnId, used.totalTokens(), at));
          runtime.turnEnded().ifPresent(turn ->
              metrics.turnCompleted(Duration.between(turn.startedAt(), runtime.now()).toNanos() / 1e9));
          runtime.answered(turnId, runtime.publishMessage(after, seq));
          maybeStartTurn(after);
          summarize.ifPresent(range -> runtime.summaries().maybeStart((Open) after, range));
        })
        .thenNoReply();
  }
}
