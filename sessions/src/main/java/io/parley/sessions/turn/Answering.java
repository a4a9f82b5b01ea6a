package io.parley.sessions.turn;

import io.parley.core.attachment.AttachmentsForModel;
import io.parley.core.cache.AnswerCache;
import io.parley.core.llm.LlmClient;
import io.parley.core.memory.UserMemory;
import io.parley.core.offline.OfflineResponder;
import io.parley.core.trace.Tracing;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionSettings;
import io.parley.tools.TenantTools;
import java.time.Clock;
import java.util.Optional;

/**
 * What a turn needs to answer, and nothing else of the node: the model ({@code llm}, empty in
 * offline mode), the prompts, the offline responder, the users' long-term {@code memory}, the
 * tenants' {@code answerCache}, the {@code tools} the model may call (by tenant and configuration), the turn's limits in
 * {@code settings}, its {@code metrics} and spans ({@code tracing}), the {@code clock}, and what the
 * model is given of attached files ({@code attachments}).
 */
public record Answering(
    Optional<LlmClient> llm,
    TurnPrompts prompts,
    OfflineResponder offline,
    UserMemory memory,
    AnswerCache answerCache,
    TenantTools tools,
    SessionSettings settings,
    SessionMetrics metrics,
    Tracing tracing,
    Clock clock,
    AttachmentsForModel attachments) {
  /** A node whose turns only name attached files to the model. */
  public Answering(Optional<LlmClient> llm, TurnPrompts prompts, OfflineResponder offline, UserMemory memory,
      AnswerCache answerCache, TenantTools tools, SessionSettings settings, SessionMetrics metrics, Tracing tracing,
      Clock clock) {
    this(llm, prompts, offline, memory, answerCache, tools, settings, metrics, tracing, clock, AttachmentsForModel.NONE);
  }
}
