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
  private Optional<String> companyName = Optional.empty();
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
    assistantName = Optional.of(name);
    return this;
  }

  public BotConfigBuilder companyName(String name) {
    companyName = Optional.of(name);
    return this;
  }

  public BotConfigBuilder instructions(String text) {
    instructions = Optional.of(text);
    return this;
  }

  public BotConfigBuilder leadThreshold(int points) {
    leadThreshold = Optional.of(points);
    return this;
  }

  public BotConfigBuilder leadWeights(Map<String, Integer> weights) {
    leadWeights = weights;
    return this;
  }

  public BotConfigBuilder handoffRules(HandoffRules rules) {
    handoffRules = Optional.of(rules);
    return this;
  }

  public BotConfigBuilder redactKinds(List<PersonalDataKind> kinds) {
    redactKinds = Optional.of(kinds);
    return this;
  }

  public BotConfigBuilder redactPatterns(List<RedactionPattern> patterns) {
    redactPatterns = Optional.of(patterns);
    return this;
  }

  public BotConfigBuilder keepArchiveUnredacted(boolean keep) {
    keepArchiveUnredacted = Optional.of(keep);
    return this;
  }

  public BotConfigBuilder injectionGuard(BotConfig.InjectionGuard guard) {
    injectionGuard = Optional.of(guard);
    return this;
  }

  public BotConfigBuilder greeting(String text) {
    greeting = Optional.of(text);
    return this;
  }

  public BotConfigBuilder voice(VoicePreferences preferences) {
    voice = Optional.of(preferences);
    return this;
  }

  public BotConfigBuilder premiumVoiceBudget(int characters) {
    premiumVoiceBudget = Optional.of(characters);
    return this;
  }

  public BotConfigBuilder toolsEnabled(List<String> tools) {
    toolsEnabled = Optional.of(tools);
    return this;
  }

  public BotConfigBuilder model(ModelParameters parameters) {
    model = Optional.of(parameters);
    return this;
  }

  public BotConfigBuilder webhookUrl(String url) {
    webhookUrl = Optional.of(url);
    return this;
  }

  public BotConfigBuilder phoneNumbers(List<String> numbers) {
    phoneNumbers = numbers;
    return this;
  }

  public BotConfigBuilder limits(UsageLimits usage) {
    limits = Optional.of(usage);
    return this;
  }

  public BotConfig build() {
    return new BotConfig(assistantName, companyName, instructions, Optional.empty(), Optional.empty(),
        Optional.empty(), leadThreshold, leadWeights, handoffRules, redactKinds, redactPatterns,
        keepArchiveUnredacted, injectionGuard, Optional.empty(), greeting, voice, premiumVoiceBudget, toolsEnabled,
        model, webhookUrl, phoneNumbers, limits, Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }
}
