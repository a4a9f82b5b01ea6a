package io.parley.sessions.entity.turns;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.gaps.GapReason;
import io.parley.core.gaps.UnansweredQuestion;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.Channel;
import io.parley.sessions.SessionServices;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import java.time.Instant;
import java.util.List;

/**
 * Tells the node's knowledge gaps of a customer's question the bot could not answer
 * (docs/analytics.md#knowledge-gaps), its personal data replaced by placeholders as the tenant's
 * redaction finds it, on the tenant-logic pool within its time (the session's thread runs none of
 * the tenant's patterns; one skipped for time is counted, and the question is not told). A session
 * of the draft configuration or of an evaluation tells none: its questions are an admin's tests,
 * not the customers'.
 */
public final class UnansweredQuestions {
  private UnansweredQuestions() {}

  public static void tell(SessionServices services, SessionScope scope, Open state, String question, GapReason reason,
      Instant at) {
    if (state.channel() == Channel.EVALUATION || state.botConfig().map(PinnedBotConfig::draft).orElse(false)) return;
    BotConfig bot = state.botConfig().map(PinnedBotConfig::config).orElseGet(BotConfig::empty);
    String tenant = scope.id().tenant();
    String sessionId = scope.id().wireId();
    services.logic().pool().submit(tenant, () -> {
      boolean[] skipped = {false};
      String redacted = Placeholders.numbering(List.of(), bot.redaction()).within(services.logic().patternDeadline(pattern -> {
        services.metrics().redactionPatternSkipped(tenant);
        skipped[0] = true;
      })).redact(question);
      // Failing closed: a question whose tenant patterns did not all run may still hold what they find.
      if (!skipped[0]) {
        services.gaps().record(new UnansweredQuestion(tenant, sessionId, state.userId(), redacted, reason, at));
      }
      return skipped[0];
    });
  }
}
