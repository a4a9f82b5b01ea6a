package io.parley.sessions;

import io.parley.core.archive.ArchiveStore;
import io.parley.core.cost.TenantSpend;
import io.parley.core.gaps.KnowledgeGaps;
import io.parley.core.language.LanguageDetection;
import io.parley.core.limits.TenantMessageRate;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.handoff.UnstaffedTickets;
import io.parley.sessions.procedure.TenantLogic;
import io.parley.sessions.turn.Answering;
import java.time.Clock;

/**
 * What sessions need from outside the actor system, wired once per node: what a turn is given
 * ({@code answering}: the model, or none in offline mode, the prompts, memory, answer cache, tools,
 * settings, metrics, spans and clock), and what only the session uses. {@code archive} keeps
 * closed transcripts; {@code budgets} are the tenants' daily token budgets; {@code tenantMessages}
 * the tenants' message rates on this node; {@code botConfigs} the tenants' bot configurations,
 * which a session pins at its start; {@code leads} who hears of a qualified lead;
 * {@code unstaffedTickets} the tickets of conversations no agent came to; {@code languages} tells
 * the language a customer writes in; {@code gaps} where the questions the bot could not answer
 * are kept; {@code logic} where a procedure's steps are decided, and within what budget; {@code costs}
 * where the model's tokens are priced and counted against the tenant's budgets in money.
 */
public record SessionServices(
    Answering answering,
    ArchiveStore archive,
    TenantBudgets budgets,
    TenantMessageRate tenantMessages,
    BotConfigs botConfigs,
    LeadAlerts leads,
    UnstaffedTickets unstaffedTickets,
    LanguageDetection languages,
    KnowledgeGaps gaps,
    TenantLogic logic,
    TenantSpend costs) {

  /** The node's session settings, shared with its turns. */
  public SessionSettings settings() {
    return answering.settings();
  }

  public SessionMetrics metrics() {
    return answering.metrics();
  }

  public Clock clock() {
    return answering.clock();
  }

  public boolean offlineMode() {
    return answering.llm().isEmpty();
  }
}
