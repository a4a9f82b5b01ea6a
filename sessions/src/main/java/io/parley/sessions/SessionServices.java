package io.parley.sessions;

import io.parley.core.archive.ArchiveStore;
import io.parley.core.cache.AnswerCache;
import io.parley.core.limits.TenantMessageRate;
import io.parley.core.llm.LlmClient;
import io.parley.core.memory.UserMemory;
import io.parley.core.offline.OfflineResponder;
import io.parley.core.trace.Tracing;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.handoff.UnstaffedTickets;
import io.parley.sessions.turn.Answering;
import io.parley.sessions.turn.TurnPrompts;
import io.parley.tools.TenantTools;
import java.time.Clock;
import java.util.Optional;

/**
 * What sessions need from outside the actor system, wired once per node; a turn is given only
 * its part of it ({@link #answering()}). With
 * no {@code llm} the node runs in offline mode: every answer comes from the offline responder.
 * {@code archive} keeps closed transcripts; {@code memory} is every user's long-term memory;
 * {@code answerCache} the tenants' answers to context-free questions;
 * {@code tools} are what the model may call during a tenant's turn; {@code budgets} are the tenants' daily
 * token budgets; {@code tenantMessages} the tenants' message rates on this node; {@code botConfigs} the tenants' bot configurations, which a session pins at its start;
 * {@code leads} who hears of a qualified lead; {@code unstaffedTickets} the tickets of conversations no agent came to; {@code tracing} the spans of turns (docs/tracing.md).
 */
public record TurnServices(
    Optional<LlmClient> llm,
    TurnPrompts prompts,
    OfflineResponder offline,
    ArchiveStore archive,
    UserMemory memory,
    AnswerCache answerCache,
    TenantTools tools,
    SessionSettings settings,
    SessionMetrics metrics,
    TenantBudgets budgets,
    TenantMessageRate tenantMessages,
    BotConfigs botConfigs,
    LeadAlerts leads,
    UnstaffedTickets unstaffedTickets,
    Tracing tracing,
    Clock clock) {

  /** The part a turn is given. */
  public Answering answering() {
    return new Answering(llm, prompts, offline, memory, answerCache, tools, settings, metrics, tracing, clock);
  }

  public boolean offlineMode() {
    return llm.isEmpty();
  }
}
