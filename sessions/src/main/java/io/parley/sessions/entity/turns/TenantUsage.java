package io.parley.sessions.entity.turns;

import io.parley.core.bot.ModelParameters;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.UsageLimits;
import io.parley.core.cost.PriceTable;
import io.parley.core.cost.Spend;
import io.parley.core.llm.TokenUsage;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionServices;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.admission.TenantUsageReports;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionInput;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * A session's answered turns counted against its tenant's token budget, through a child that
 * reports each one (retrying) and answers the tenant's standing as {@code UsageRecorded}; and priced,
 * as the tokens of the configuration's first provider (else the node's first; the kind's default price
 * offline), into the conversation's cost ({@code SessionServices#costs}).
 */
public final class TenantUsage {
  private final ActorContext<SessionInput> context;
  private final SessionId id;
  private final SessionServices services;
  // Started with the first answered turn: a session that is only open (most idle ones) needs no child.
  private ActorRef<TenantUsageReports.Command> reports;
  // Turns whose usage the child reports still, retrying: a sleep would stop it and lose them.
  private int unrecorded;

  public TenantUsage(ActorContext<SessionInput> context, SessionId id, SessionServices services) {
    this.context = context;
    this.id = id;
    this.services = services;
  }

  /**
   * Counts an answered turn's tokens against the tenant's budget, on its {@code line}, if the
   * session's configuration or the node give it one, and adds their price to the conversation's cost.
   */
  void answerUsed(String turnId, TokenUsage used, Instant answeredAt, String line, Optional<PinnedBotConfig> botConfig) {
    String provider = botConfig.flatMap(pinned -> pinned.config().model()).map(ModelParameters::providers)
        .filter(names -> !names.isEmpty()).map(names -> names.get(0))
        .or(() -> services.answering().llm().map(llm -> PriceTable.firstEngine(llm.name()))).orElse(PriceTable.DEFAULT);
    services.costs().spent(id.tenant(), id.wireId(), "model/" + id.wireId() + "/" + turnId,
        new Spend.Answered(provider, used.promptTokens(), used.completionTokens()));
    UsageLimits limits = botConfig.map(pinned -> pinned.config().usageLimits()).orElseGet(UsageLimits::none);
    long tokens = used.totalTokens();
    if (reports == null) {
      ActorRef<TenantTokenBudget.Standing> standings =
          context.messageAdapter(TenantTokenBudget.Standing.class, InternalCommand.UsageRecorded::new);
      reports = context.spawn(TenantUsageReports.create(id.tenant(), services.budgets(),
          services.settings().retryBackoff(), services.metrics(), standings), "usage-reports");
    }
    boolean budgeted = services.budgets().limits(id.tenant(), limits);
    if (budgeted) unrecorded++;
    reports.tell(new TenantUsageReports.AnswerUsed(id.wireId() + "/" + turnId, tokens, answeredAt, line, budgeted));
  }

  /** The child recorded one turn's usage (it records each budgeted one once). */
  public void recorded() {
    if (unrecorded > 0) unrecorded--;
  }

  /** Whether a turn's usage is still being reported. */
  public boolean reporting() {
    return unrecorded > 0;
  }
}
