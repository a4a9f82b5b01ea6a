package io.parley.voice;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.TextToSpeech;
import io.parley.core.limits.BudgetLevel;
import io.parley.core.bot.VoicePreferences;
import io.parley.sessions.admission.TenantTokenBudget;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Which engine speaks a call's next sentence, and in what voice and speed, by its tenant's voice
 * tier policy ({@link TierDecision}): from the configuration its session keeps, the lead score its
 * latest turn started at, and the tenant's premium characters today as last heard from the spend
 * entity (plus what this call sent since). A premium sentence that fails is still spoken locally
 * ({@link FallbackTextToSpeech}). Each sentence is asked in the conversation's language, once the
 * call knows it, by the engine that speaks that language. Not thread-safe: one call's actor.
 */
final class SpeakingTier {
  /** One sentence to speak: by which engine, what to ask it, and what the policy decided. */
  record Choice(TextToSpeech engine, SpeechRequest request, Optional<TierDecision> decision) {}

  private final CallEngines engines;
  private final double nodeSpeed;
  private final String tenant;
  private final VoiceMetrics metrics;
  private VoicePreferences preferences = VoicePreferences.none();
  private long budget;
  private int leadScore;
  private LocalDate day = LocalDate.EPOCH;
  private long spentToday;
  private BudgetLevel alerted = BudgetLevel.UNDER;
  private boolean spendAsked;
  private Optional<String> language = Optional.empty();

  SpeakingTier(CallEngines engines, double nodeSpeed, String tenant, VoiceMetrics metrics) {
    this.engines = engines;
    this.nodeSpeed = nodeSpeed;
    this.tenant = tenant;
    this.metrics = metrics;
  }

  /** The session's configuration and score, as it answered when the call joined it. */
  void joined(Optional<PinnedBotConfig> pinned, int score) {
    BotConfig config = pinned.map(PinnedBotConfig::config).orElse(BotConfig.empty());
    preferences = config.voicePreferences();
    budget = config.premiumVoiceBudget().orElse(0);
    leadScore = score;
  }

  /** The conversation's language (ISO 639-1): the sentences from now on are in it. */
  void speaks(String language) {
    this.language = Optional.of(language);
  }

  void turnStarted(int score) {
    leadScore = score;
  }

  /** Whether the tenant's spend is counted: it has a budget, and the node a premium engine. */
  boolean counts() {
    return budget > 0 && engines.hasPremiumSpeech();
  }

  /**
   * Whether the next sentence can be decided: a budgeted tenant's first waits for its spend today
   * (or for the spend entity not answering), or a new call would spend as if nothing had been.
   */
  boolean ready() {
    return !counts() || spendAsked;
  }

  /** The spend entity did not answer: the call goes on with what it knows. */
  void spendUnknown() {
    spendAsked = true;
  }

  long budget() {
    return budget;
  }

  /** The engine to speak {@code text} with; {@code premiumAllowed} false: the tenant's budget in money is spent. */
  Choice next(String text, LocalDate today, boolean premiumAllowed) {
    double speed = preferences.speed().orElse(nodeSpeed);
    SpeechRequest inLocalVoice = new SpeechRequest(text, Optional.empty(), speed, language);
    if (!engines.hasPremiumSpeech()) {
      return new Choice(inLanguage(engines.textToSpeech()), inLocalVoice, Optional.empty());
    }
    if (!premiumAllowed) return new Choice(inLanguage(engines.localTextToSpeech()), inLocalVoice, Optional.empty());
    TierDecision decision = TierDecision.decide(preferences, leadScore, spentOn(today), budget);
    metrics.tierChosen(tenant, decision);
    if (!decision.premium()) return new Choice(inLanguage(engines.localTextToSpeech()), inLocalVoice, Optional.of(decision));
    if (counts()) spent(today, spentOn(today) + text.length());
    return new Choice(engines.textToSpeech(), new SpeechRequest(text, preferences.name(), speed, language),
        Optional.of(decision));
  }

  private TextToSpeech inLanguage(TextToSpeech engine) {
    return language.map(engine::speaking).orElse(engine);
  }

  /** The caller's speech went to the premium recogniser: {@code characters} more of today's spend. */
  void transcribed(long characters, LocalDate today) {
    spent(today, spentOn(today) + characters);
  }

  /**
   * The tenant's spend as the entity counted it. Returns the levels to tell the tenant of: those the
   * spend reached that this call has not told yet, both when one sentence went past 80 and 100 %
   * (the webhook's workflow tells each once a day, whichever calls ask).
   */
  List<BudgetLevel> heard(TenantTokenBudget.Standing standing, LocalDate today) {
    spendAsked = true;
    spent(today, Math.max(spentOn(today), standing.used()));
    BudgetLevel level = BudgetLevel.of(spentToday, budget);
    List<BudgetLevel> reached = level.reachedSince(alerted);
    if (!reached.isEmpty()) alerted = level;
    return reached;
  }

  long spentToday() {
    return spentToday;
  }

  private long spentOn(LocalDate today) {
    return day.equals(today) ? spentToday : 0;
  }

  private void spent(LocalDate today, long characters) {
    if (!day.equals(today)) alerted = BudgetLevel.UNDER;
    day = today;
    spentToday = characters;
    metrics.premiumSpend(tenant, characters, BudgetLevel.of(characters, budget));
  }

  static LocalDate today(Clock clock) {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
