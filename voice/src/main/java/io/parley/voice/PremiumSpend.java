package io.parley.voice;

import io.parley.sessions.SessionInfo;
import io.parley.core.cost.PriceTable;
import io.parley.core.cost.Spend;
import io.parley.sessions.admission.TenantTokenBudget;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A call's {@link SpeakingTier} and what it spends of its tenant's premium voice budget: each premium
 * sentence, and each utterance sent to the premium recogniser, is recorded with the tenant's spend
 * entity under a key of its own (so it counts once, however often it is told), and the entity's
 * answer is the tier's view of the day's spend; a budget level reached is told to the tenant. Each
 * premium sentence and utterance is priced into the conversation's cost too, and while the tenant's
 * budget in money is spent every sentence is spoken locally. Not thread-safe: one call's actor.
 */
record PremiumSpend(SpeakingTier tier, PremiumVoiceBudget budget, String callId, String tenant, String conversation,
    VoiceMetrics metrics, SpendEntity entity, Function<Level, LoggingEventBuilder> log) {
  /** The tenant's spend entity, asked through the call's actor; its answer comes back to {@link #heard}. */
  interface SpendEntity {
    void ask(Function<ActorRef<TenantTokenBudget.Standing>, TenantTokenBudget.Command> command);
  }

  /** The session's configuration and lead score, as it answered when the call joined it. */
  void joined(SessionInfo info) {
    tier.joined(info.botConfig(), info.leadScore());
    if (tier.counts()) entity.ask(replyTo -> new TenantTokenBudget.Check(replyTo));
  }

  void turnStarted(int leadScore) {
    tier.turnStarted(leadScore);
  }

  /** Whether the next sentence can be decided, see {@link SpeakingTier#ready()}. */
  boolean ready() {
    return tier.ready();
  }

  /** The engine to speak {@code sentence} of {@code turnId} with; a premium sentence is recorded as spent. */
  SpeakingTier.Choice choose(String turnId, SpokenAnswer.Sentence sentence) {
    SpeakingTier.Choice choice = tier.next(sentence.text(), today(), !budget.costs().spend().exhausted(tenant));
    metrics.spoken(tenant, choice.engine().name(), sentence.text().length());
    boolean premium = choice.decision().filter(TierDecision::premium).isPresent();
    String key = callId + "/" + turnId + "/" + sentence.number();
    if (premium) {
      budget.costs().spend().spent(tenant, conversation, "tts/" + key,
          new Spend.Spoken(PriceTable.firstEngine(choice.engine().name()), sentence.text().length()));
    }
    if (premium && tier.counts()) {
      entity.ask(replyTo -> new TenantTokenBudget.RecordUsage(key, sentence.text().length(),
          budget.clock().instant(), replyTo));
    }
    return choice;
  }

  /**
   * Premium transcription spends the tenant's voice budget as synthesis does, before the answer's
   * first sentence is decided; idempotent per utterance in the spend entity. Priced as the premium
   * engine of the tier named {@code recogniser}.
   */
  void transcribed(int utterance, String recogniser, long billedMillis) {
    if (billedMillis <= 0) return;
    budget.costs().spend().spent(tenant, conversation, "stt/" + callId + "/" + utterance,
        new Spend.Transcribed(PriceTable.firstEngine(recogniser), billedMillis));
    metrics.premiumTranscription(tenant, billedMillis / 1000.0);
    long characters = budget.transcriptionCharacters(billedMillis);
    if (tier.budget() <= 0 || characters <= 0) return;
    tier.transcribed(characters, today());
    String key = callId + "/heard/" + utterance;
    entity.ask(replyTo -> new TenantTokenBudget.RecordUsage(key, characters, budget.clock().instant(), replyTo));
  }

  /**
   * The tenant's spend today, as its entity counted it (empty: it did not answer in time); a level
   * reached is told to the tenant (once a day, by its workflow).
   */
  void heard(Optional<TenantTokenBudget.Standing> standing) {
    if (standing.isEmpty()) {
      log.apply(Level.DEBUG).log("the tenant's premium voice spend did not answer in time");
      tier.spendUnknown();
      return;
    }
    LocalDate today = today();
    tier.heard(standing.get(), today).forEach(level -> {
      log.apply(Level.INFO).log("premium voice budget {}: {} of {} characters today", level.wireName(),
          tier.spentToday(), tier.budget());
      budget.alerts().reached(tenant, level, tier.spentToday(), tier.budget(), today);
    });
  }

  private LocalDate today() {
    return SpeakingTier.today(budget.clock());
  }
}
