package io.parley.core.bot;

import io.parley.core.handoff.HandoffRules;
import io.parley.core.privacy.PersonalDataKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets a {@link BotConfig}'s prompt, lead, handoff, redaction, voice, tool, model, webhook, phone and
 * limit settings, each unset (the default) until set; the others stay as a tenant gets them by
 * default ({@link BotConfigDocument} reads every setting a document gives).
 */
public final class BotConfigBuilder {
  private Optional<String> assistantName = Optional.empty();
  private Optional<String> instructions = Optional.empty();
  private Optional<Integer> leadThreshold = Optional.empty();
  private Map<String, Integer> leadWeights = Map.of();
  private Optional<HandoffRules> handoffRules = Optional.empty();
  private Optional<List<PersonalDataKind>> redactKinds = Optional.empty();
  private Optional<List<RedactionPattern>> redactPatterns = Optional.empty();
  private Optional<Boolean> keepArchiveUnredacted = Optional.empty();
  private Optional<BotConfig.InjectionGuard> injectionGuard = Optional.empty();
  private Optional<String> greeting = Optional.empty();
  private Optional<VoicePreferences> voice = Optional.empty();
  private Optional<Integer> premiumVoiceBudget = Optional.empty();
  private Optional<List<String>> toolsEnabled = Optional.empty();
  private Optional<ModelParameters> model = Optional.empty();
  private Optional<String> webhookUrl = Optional.empty();
  private List<String> phoneNumbers = List.of();
  private Optional<UsageLimits> limits = Optional.empty();

  /** A configuration made setting by setting: what is not set is as a tenant gets it by default. */
  public BotConfigBuilder() {}

  public BotConfigBuilder assistantName(String name) {
    return set(() -> assistantName = Optional.of(name));
  }

  public BotConfigBuilder instructions(String text) {
    return set(() -> instructions = Optional.of(text));
  }

  public BotConfigBuilder leadThreshold(int points) {
    return set(() -> leadThreshold = Optional.of(points));
  }

  public BotConfigBuilder leadWeights(Map<String, Integer> weights) {
    return set(() -> leadWeights = weights);
  }

  public BotConfigBuilder handoffRules(HandoffRules rules) {
    return set(() -> handoffRules = Optional.of(rules));
  }

  public BotConfigBuilder redactKinds(List<PersonalDataKind> kinds) {
    return set(() -> redactKinds = Optional.of(kinds));
  }

  public BotConfigBuilder redactPatterns(List<RedactionPattern> patterns) {
    return set(() -> redactPatterns = Optional.of(patterns));
  }

  public BotConfigBuilder keepArchiveUnredacted(boolean keep) {
    return set(() -> keepArchiveUnredacted = Optional.of(keep));
  }

  public BotConfigBuilder injectionGuard(BotConfig.InjectionGuard guard) {
    return set(() -> injectionGuard = Optional.of(guard));
  }

  public BotConfigBuilder greeting(String text) {
    return set(() -> greeting = Optional.of(text));
  }

  public BotConfigBuilder voice(VoicePreferences preferences) {
    return set(() -> voice = Optional.of(preferences));
  }

  public BotConfigBuilder premiumVoiceBudget(int characters) {
    return set(() -> premiumVoiceBudget = Optional.of(characters));
  }

  public BotConfigBuilder toolsEnabled(List<String> tools) {
    return set(() -> toolsEnabled = Optional.of(tools));
  }

  public BotConfigBuilder model(ModelParameters parameters) {
    return set(() -> model = Optional.of(parameters));
  }

  public BotConfigBuilder webhookUrl(String url) {
    return set(() -> webhookUrl = Optional.of(url));
  }

  public BotConfigBuilder phoneNumbers(List<String> numbers) {
    return set(() -> phoneNumbers = numbers);
  }

  public BotConfigBuilder limits(UsageLimits usage) {
    return set(() -> limits = Optional.of(usage));
  }

  /** Each setter's one change, after which the builder is handed back for the next. */
  private BotConfigBuilder set(Runnable change) {
    change.run();
    return this;
  }

  public BotConfig build() {
    return new BotConfig(assistantName, Optional.empty(), instructions, Optional.empty(), Optional.empty(),
        Optional.empty(), leadThreshold, leadWeights, handoffRules, redactKinds, redactPatterns,
        keepArchiveUnredacted, injectionGuard, Optional.empty(), greeting, voice, premiumVoiceBudget, toolsEnabled,
        model, webhookUrl, phoneNumbers, limits, Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }
}
