package io.parley.core.bot;

import static io.parley.core.bot.DocumentFields.flag;
import static io.parley.core.bot.DocumentFields.names;
import static io.parley.core.bot.DocumentFields.prefix;
import static io.parley.core.bot.DocumentFields.settingsObject;
import static io.parley.core.bot.DocumentFields.text;
import static io.parley.core.bot.DocumentFields.whole;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.call.TransferMode;
import io.parley.core.handoff.HandoffRules;
import io.parley.core.handoff.SupportHours;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.WidgetTexts;
import io.parley.core.lead.LeadWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of a bot configuration document that are objects of their own: handoff rules,
 * support hours, voice, widget, model and limits (docs/bot-config.md), each problem named under its object, as
 * {@code voice.speed: ...}.
 */
final class NestedSettings {
  static final int MAX_VOICE_NAME = 100;
  static final int MAX_LANGUAGE = 35;
  /** Tokens a UTC day a tenant's document may set; the operator's own limit for the tenant still bounds it. */
  static final int MAX_TOKENS_PER_DAY = 2_000_000_000;
  /** Messages a minute a tenant's document may set where the node sets no limit of its own. */
  static final int MAX_MESSAGES_PER_MINUTE = 1_000_000;
  private static final List<String> LIMITS =
      List.of("contextTokens", "sessionTokens", "tokensPerDay", "messagesPerMinute", "sessionMessagesPerMinute",
          "uploadMebibytesPerHour", "knowledgeSources", "knowledgePagesPerSource", "knowledgeDocuments");
  /** A tenant's files an hour may be lowered to any of these; the node's own limit bounds them when counted. */
  static final int MAX_UPLOAD_MEBIBYTES_PER_HOUR = 1_000_000;
  /** A tenant's knowledge sources, their pages and documents may be lowered to any of these; the node's own limits bound them when counted. */
  static final int MAX_KNOWLEDGE_COUNT = 10_000_000;

  private NestedSettings() {}

  /** {@code {"minPassRate": 0-1}} (docs/evaluations.md#publish-gate). */
  static Optional<EvaluationGate> evaluationGate(JsonNode document, List<String> problems) {
    Optional<JsonNode> object = settingsObject(document, "evaluationGate", List.of("minPassRate"), "setting", problems);
    if (object.isEmpty()) return Optional.empty();
    JsonNode rate = object.get().get("minPassRate");
    if (rate == null || !rate.isNumber() || rate.asDouble() < 0 || rate.asDouble() > 1) {
      problems.add("evaluationGate.minPassRate: a number from 0 to 1, the share of cases the draft's latest run must pass");
      return Optional.empty();
    }
    return Optional.of(new EvaluationGate(rate.asDouble()));
  }

  /** {@code {"negativeSentiment": bool, "sameQuestionFailures": 0-10, "toolFailure": bool}}, each optional (off). */
  static Optional<HandoffRules> handoffRules(JsonNode document, List<String> problems) {
    Optional<JsonNode> object = settingsObject(document, "handoffRules",
        List.of("negativeSentiment", "sameQuestionFailures", "toolFailure"), "rule", problems);
    if (object.isEmpty()) return Optional.empty();
    JsonNode value = object.get();
    int before = problems.size();
    boolean negative = flag(value, "negativeSentiment", problems).orElse(false);
    boolean tool = flag(value, "toolFailure", problems).orElse(false);
    JsonNode failures = value.get("sameQuestionFailures");
    int times = 0;
    if (failures != null && !failures.isNull()) {
      if (failures.isIntegralNumber() && failures.asLong() >= 0 && failures.asLong() <= HandoffRules.MAX_SAME_QUESTION_FAILURES) {
        times = failures.intValue();
      } else {
        problems.add("sameQuestionFailures: must be a whole number from 0 to " + HandoffRules.MAX_SAME_QUESTION_FAILURES);
      }
    }
    prefix("handoffRules.", before, problems);
    return Optional.of(new HandoffRules(negative, times, tool));
  }

  /** Opening hours a day at most: a split shift or two, with room to spare. */
  static final int MAX_OPENINGS_A_DAY = 12;

  /**
   * {@code {"timeZone": "Europe/Berlin", "weekly": {"monday": ["09:00-17:00"], ...}}}, both required
   * ({@link SupportHours#problems} checks the zone and the ranges).
   */
  static Optional<SupportHours> supportHours(JsonNode document, List<String> problems) {
    Optional<JsonNode> object = settingsObject(document, "supportHours", List.of("timeZone", "weekly"), "setting", problems);
    if (object.isEmpty()) return Optional.empty();
    int before = problems.size();
    JsonNode zone = object.get().get("timeZone");
    if (zone == null || !zone.isTextual()) problems.add("supportHours.timeZone: an IANA time zone, such as \"Europe/Berlin\"");
    Map<String, List<String>> weekly = new LinkedHashMap<>();
    JsonNode days = object.get().get("weekly");
    if (days == null || !days.isObject()) {
      problems.add("supportHours.weekly: an object of days, such as {\"monday\": [\"09:00-17:00\"]}");
    } else {
      days.fields().forEachRemaining(day -> weekly.put(day.getKey(), ranges(day.getKey(), day.getValue(), problems)));
    }
    if (problems.size() > before) return Optional.empty();
    problems.addAll(SupportHours.problems("supportHours", zone.asText(), weekly));
    return problems.size() > before ? Optional.empty() : Optional.of(new SupportHours(zone.asText(), weekly));
  }

  private static List<String> ranges(String day, JsonNode value, List<String> problems) {
    String field = "supportHours.weekly." + day;
    if (!value.isArray() || value.size() > MAX_OPENINGS_A_DAY) {
      problems.add(field + ": a list of at most " + MAX_OPENINGS_A_DAY + " time ranges, such as [\"09:00-12:30\", \"13:30-17:00\"]");
      return List.of();
    }
    List<String> ranges = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      if (value.get(i).isTextual()) ranges.add(value.get(i).asText());
      else problems.add(field + "[" + i + "]: must be a time range such as \"09:00-17:00\"");
    }
    return ranges;
  }

  /**
   * {@code {"tier": "premium|local|lead_score", "premiumFromScore": 1-100, "name": "...", "speed": 0.5-2.0,
   * "recording": "off|announce|ask", "transferMode": "blind|warm", "staffLanguage": "en", "answeringMachine":
   * "hang_up|leave_message", "voicemailMessage": "...", "turns": {...}}}, each optional ({@link TurnTakingFields}
   * reads {@code turns}).
   */
  static Optional<VoicePreferences> voice(JsonNode document, List<String> problems) {
    Optional<JsonNode> object = settingsObject(document, "voice", List.of("answeringMachine", "name", "premiumFromScore",
        "recording", "speed", "staffLanguage", "tier", "transferMode", "turns", "voicemailMessage"),
        "setting", problems);
    if (object.isEmpty()) return Optional.empty();
    JsonNode value = object.get();
    int before = problems.size();
    Optional<VoicePreferences.TierPolicy> tier = named(value, "tier", VoicePreferences.TierPolicy.values(), problems);
    Optional<Integer> fromScore = whole(value, "premiumFromScore", LeadWeights.MAX_POINTS, problems);
    Optional<String> name = text(value, "name", MAX_VOICE_NAME, true, problems);
    Optional<Double> speed = Optional.empty();
    JsonNode speedValue = value.get("speed");
    if (speedValue != null && !speedValue.isNull()) {
      if (speedValue.isNumber() && speedValue.asDouble() >= VoicePreferences.MIN_SPEED
          && speedValue.asDouble() <= VoicePreferences.MAX_SPEED) {
        speed = Optional.of(speedValue.asDouble());
      } else {
        problems.add("speed: must be a number from 0.5 to 2.0");
      }
    }
    Optional<TransferMode> mode = Optional.empty();
    JsonNode modeValue = value.get("transferMode");
    if (modeValue != null && !modeValue.isNull()) {
      mode = modeValue.isTextual() ? TransferMode.ofWireName(modeValue.asText()) : Optional.empty();
      if (mode.isEmpty()) problems.add("transferMode: must be \"blind\" or \"warm\"");
    }
    Optional<String> staffLanguage = text(value, "staffLanguage", MAX_LANGUAGE, true, problems);
    staffLanguage.filter(language -> LanguageTag.parse(language).isEmpty())
        .ifPresent(language -> problems.add("staffLanguage: must be a language tag such as \"en\""));
    Optional<VoicePreferences.Recording> recording = named(value, "recording", VoicePreferences.Recording.values(),
        problems);
    Optional<VoicePreferences.AnsweringMachine> machine = named(value, "answeringMachine",
        VoicePreferences.AnsweringMachine.values(), problems);
    Optional<String> voicemail = text(value, "voicemailMessage", VoicePreferences.MAX_VOICEMAIL_MESSAGE, false, problems);
    Optional<TurnTaking> turns = TurnTakingFields.turns(value, problems);
    prefix("voice.", before, problems);
    return Optional.of(new VoicePreferences(tier, fromScore, name, speed, recording, mode, staffLanguage, machine,
        voicemail, turns));
  }

  /** The constant of {@code constants} that {@code field} names in lower case; absent when unset, a problem when no constant. */
  private static <E extends Enum<E>> Optional<E> named(JsonNode value, String field, E[] constants, List<String> problems) {
    JsonNode given = value.get(field);
    if (given == null || given.isNull()) return Optional.empty();
    List<String> names = Arrays.stream(constants).map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList();
    int at = given.isTextual() ? names.indexOf(given.asText()) : -1;
    if (at < 0) {
      List<String> quoted = names.stream().map(name -> "\"" + name + "\"").toList();
      problems.add(field + ": must be " + String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or "
          + quoted.getLast());
      return Optional.empty();
    }
    return Optional.of(constants[at]);
  }

  /**
   * {@code {"name", "avatarUrl", "accentColor", "position", "greeting", "launcherText", "language",
   * "theme", "sound", "texts"}}, each optional (the widget's own default); {@code texts} is the
   * tenant's wording per language, checked against the packs ({@link WidgetTexts#overrides}).
   */
  static Optional<WidgetAppearance> widget(JsonNode document, List<String> problems) {
    Optional<JsonNode> object = settingsObject(document, "widget", List.of("accentColor", "avatarUrl", "greeting",
        "language", "launcherText", "name", "position", "sound", "texts", "theme"), "setting", problems);
    if (object.isEmpty()) return Optional.empty();
    JsonNode value = object.get();
    int before = problems.size();
    Optional<String> name = text(value, "name", WidgetAppearance.MAX_NAME, true, problems);
    Optional<String> avatar = text(value, "avatarUrl", WidgetAppearance.MAX_AVATAR_URL, true, problems);
    avatar.filter(url -> !WebhookAddress.isValid(url))
        .ifPresent(url -> problems.add("avatarUrl: must be " + WebhookAddress.EXPECTED));
    Optional<String> accent = text(value, "accentColor", 7, true, problems);
    accent.filter(color -> !WidgetAppearance.isAccentColor(color))
        .ifPresent(color -> problems.add("accentColor: must be " + WidgetAppearance.ACCENT_EXPECTED + ", got " + color));
    Optional<WidgetAppearance.Position> position = oneOf(value, "position", List.of("bottom-right", "bottom-left"),
        List.of(WidgetAppearance.Position.BOTTOM_RIGHT, WidgetAppearance.Position.BOTTOM_LEFT), problems);
    Optional<String> greeting = text(value, "greeting", WidgetAppearance.MAX_GREETING, false, problems);
    Optional<String> launcher = text(value, "launcherText", WidgetAppearance.MAX_LAUNCHER_TEXT, true, problems);
    Optional<String> language = text(value, "language", 35, true, problems);
    language.filter(tag -> !WidgetAppearance.isLanguage(tag))
        .ifPresent(tag -> problems.add("language: must be " + WidgetAppearance.LANGUAGE_EXPECTED + ", got " + tag));
    Optional<WidgetAppearance.Theme> theme = oneOf(value, "theme", List.of("auto", "light", "dark"),
        List.of(WidgetAppearance.Theme.AUTO, WidgetAppearance.Theme.LIGHT, WidgetAppearance.Theme.DARK), problems);
    Optional<Boolean> sound = flag(value, "sound", problems);
    Optional<Map<String, Map<String, String>>> texts = Optional.ofNullable(value.get("texts")).filter(given -> !given.isNull())
        .map(given -> WidgetTexts.overrides(given, problems));
    prefix("widget.", before, problems);
    return Optional.of(new WidgetAppearance(name, avatar, accent, position, greeting, launcher, language, theme, sound,
        texts));
  }

  /** The choice {@code field} names, one of {@code names} (meaning the {@code choices} at the same place); none when unset. */
  private static <T> Optional<T> oneOf(JsonNode object, String field, List<String> names, List<T> choices,
      List<String> problems) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    int at = value.isTextual() ? names.indexOf(value.asText()) : -1;
    if (at >= 0) return Optional.of(choices.get(at));
    List<String> quoted = names.stream().map(name -> "\"" + name + "\"").toList();
    problems.add(field + ": must be " + String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or "
        + quoted.get(quoted.size() - 1));
    return Optional.empty();
  }

  /**
   * {@code {"temperature": 0-2, "maxTokens": 1-the node's, "providers": [the node's, at least one]}},
   * each optional (the node's): {@code maxTokens} is the node's longest answer, {@code providerNames} its providers.
   */
  static Optional<ModelParameters> model(JsonNode document, int maxTokens, Set<String> providerNames,
      List<String> problems) {
    Optional<JsonNode> object = settingsObject(document, "model", List.of("maxTokens", "providers", "temperature"),
        "setting", problems);
    if (object.isEmpty()) return Optional.empty();
    JsonNode value = object.get();
    int before = problems.size();
    Optional<Double> temperature = Optional.empty();
    JsonNode temperatureValue = value.get("temperature");
    if (temperatureValue != null && !temperatureValue.isNull()) {
      if (temperatureValue.isNumber() && temperatureValue.asDouble() >= 0
          && temperatureValue.asDouble() <= ModelParameters.MAX_TEMPERATURE) {
        temperature = Optional.of(temperatureValue.asDouble());
      } else {
        problems.add("temperature: must be a number from 0 to 2");
      }
    }
    Optional<Integer> answerTokens = whole(value, "maxTokens", maxTokens, problems);
    List<String> providers = List.of();
    JsonNode providersValue = value.get("providers");
    if (providersValue != null && !providersValue.isNull()) {
      providers = names(providersValue, "providers", "provider", providerNames, problems);
      if (providersValue.isArray() && providersValue.isEmpty()) {
        problems.add("providers: at least one (leave it out to use the node's order)");
      }
    }
    prefix("model.", before, problems);
    return Optional.of(new ModelParameters(temperature, answerTokens, providers));
  }

  /**
   * {@code {"contextTokens", "sessionTokens", "tokensPerDay", "messagesPerMinute", "sessionMessagesPerMinute",
   * "uploadMebibytesPerHour", "knowledgeSources", "knowledgePagesPerSource", "knowledgeDocuments"}}, each
   * optional (the node's) and a whole number from 1 to the node's own limit; the daily tokens, which the
   * operator sets per tenant, the files an hour and the knowledge sources' bounds are bounded by the
   * node's when they are counted.
   */
  static Optional<UsageLimits> limits(JsonNode document, NodeLimits node, List<String> problems) {
    Optional<JsonNode> object = settingsObject(document, "limits", LIMITS, "setting", problems);
    if (object.isEmpty()) return Optional.empty();
    JsonNode value = object.get();
    int before = problems.size();
    UsageLimits limits = new UsageLimits(
        whole(value, "contextTokens", node.contextTokens(), problems),
        whole(value, "sessionTokens", node.sessionTokens(), problems),
        whole(value, "tokensPerDay", MAX_TOKENS_PER_DAY, problems),
        whole(value, "messagesPerMinute",
            node.tenantMessagesPerMinute() == 0 ? MAX_MESSAGES_PER_MINUTE : node.tenantMessagesPerMinute(), problems),
        whole(value, "sessionMessagesPerMinute", node.sessionMessagesPerMinute(), problems),
        whole(value, "uploadMebibytesPerHour", MAX_UPLOAD_MEBIBYTES_PER_HOUR, problems),
        whole(value, "knowledgeSources", MAX_KNOWLEDGE_COUNT, problems),
        whole(value, "knowledgePagesPerSource", MAX_KNOWLEDGE_COUNT, problems),
        whole(value, "knowledgeDocuments", MAX_KNOWLEDGE_COUNT, problems));
    prefix("limits.", before, problems);
    return Optional.of(limits);
  }

  /** A context window too small for the configuration's system prompt, some conversation and its answer. */
  static void contextFits(BotConfig config, NodeLimits node, List<String> problems) {
    config.limits().flatMap(UsageLimits::contextTokens).ifPresent(tokens -> {
      int least = node.leastContextTokens().applyAsInt(config);
      if (tokens < least) {
        problems.add("limits.contextTokens: at least " + least + " for this configuration (its system prompt, room for"
            + " the conversation and model.maxTokens for the answer)");
      }
    });
  }
}
