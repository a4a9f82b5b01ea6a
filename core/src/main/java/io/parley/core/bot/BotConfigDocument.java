package io.parley.core.bot;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.call.DialledNumber;
import io.parley.core.call.TransferTarget;
import io.parley.core.handoff.HandoffRules;
import io.parley.core.lead.LeadWeights;
import io.parley.core.privacy.PersonalDataKind;
import io.parley.core.privacy.TenantPatterns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a tenant's bot configuration document (JSON Schema at {@code GET /v1/config/schema}):
 * either the configuration, or every problem with it at once, so an admin fixes them in one go.
 */
public final class BotConfigDocument {
  public static final int MAX_NAME = 60;
  /** How long one call of a tenant's own tool may take unless its entry says otherwise. */
  public static final int DEFAULT_TOOL_TIMEOUT_MS = TenantToolsDocument.DEFAULT_TIMEOUT_MS;
  public static final int MAX_INSTRUCTIONS = 4_000;
  public static final int MAX_CACHE_TTL_MINUTES = 7 * 24 * 60;
  public static final int MAX_CACHE_ENTRIES = 100_000;
  public static final int MAX_GREETING = 500;
  public static final int MAX_VOICE_NAME = 100;
  public static final int MAX_WEBHOOK_URL = 2_000;
  /** Premium characters a day: about 70 hours of speech, more than any one tenant's line needs. */
  public static final int MAX_PREMIUM_VOICE_BUDGET = 50_000_000;
  /** A tenant's support lines, not a number block: more is an operator's PARLEY_SIP_NUMBERS. */
  public static final int MAX_PHONE_NUMBERS = 50;
  private static final Set<String> FIELDS = Set.of("assistantName", "companyName", "instructions", "answerCache",
      "answerCacheTtlMinutes", "answerCacheMaxEntries", "leadThreshold", "leadWeights", "handoffRules",
      "redactKinds", "redactPatterns", "keepArchiveUnredacted", "injectionGuard", "phoneTransferTarget", "greeting", "voice",
      "premiumVoiceBudget", "toolsEnabled", "model", "webhookUrl", "phoneNumbers", "limits", "widget", "webhookEvents",
      "httpTools", "mcpServers");

  /**
   * What the node a document is published on offers, which bounds what a tenant may choose: its
   * tools' names (built-in and remote), its longest answer ({@code PARLEY_ANSWER_MAX_TOKENS}), its
   * model providers' names and its usage limits.
   */
  public record Node(Set<String> toolNames, int maxTokens, Set<String> providerNames, NodeLimits limits) {
    public Node {
      toolNames = Set.copyOf(toolNames);
      providerNames = Set.copyOf(providerNames);
    }
  }

  /** The configuration, or the problems that keep it from being one. */
  public sealed interface Read {
    record Valid(BotConfig config) implements Read {}

    record Invalid(List<String> problems) implements Read {}
  }

  private BotConfigDocument() {}

  /** A document that gives no secrets (one that does is refused). */
  public static Read read(JsonNode document, Node node) {
    return read(document, node, SecretKeeping.none());
  }

  /** A document whose secrets are kept as {@code secrets} says (sealed when given, else the replaced configuration's). */
  public static Read read(JsonNode document, Node node, SecretKeeping secrets) {
    List<String> problems = new ArrayList<>();
    if (document == null || !document.isObject()) return new Read.Invalid(List.of("the configuration must be a JSON object"));
    for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) problems.add(name + ": not a setting (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
    }
    Optional<String> assistant = text(document, "assistantName", MAX_NAME, true, problems);
    Optional<String> company = text(document, "companyName", MAX_NAME, true, problems);
    Optional<String> instructions = text(document, "instructions", MAX_INSTRUCTIONS, false, problems);
    Optional<Boolean> cache = flag(document, "answerCache", problems);
    Optional<Integer> ttl = whole(document, "answerCacheTtlMinutes", MAX_CACHE_TTL_MINUTES, problems);
    Optional<Integer> entries = whole(document, "answerCacheMaxEntries", MAX_CACHE_ENTRIES, problems);
    Optional<Integer> leadThreshold = whole(document, "leadThreshold", LeadWeights.MAX_POINTS, problems);
    Map<String, Integer> leadWeights = leadWeights(document, problems);
    Optional<HandoffRules> handoffRules = handoffRules(document, problems);
    Optional<List<PersonalDataKind>> kinds = kinds(document, problems);
    Optional<List<RedactionPattern>> patterns = patterns(document, problems);
    Optional<Boolean> keepArchive = flag(document, "keepArchiveUnredacted", problems);
    Optional<BotConfig.InjectionGuard> guard = guard(document, problems);
    Optional<String> transferTarget = text(document, "phoneTransferTarget", TransferTarget.MAX_LENGTH, true, problems);
    transferTarget.filter(target -> !TransferTarget.isValid(target))
        .ifPresent(target -> problems.add("phoneTransferTarget: must be " + TransferTarget.EXPECTED));
    Optional<String> greeting = text(document, "greeting", MAX_GREETING, false, problems);
    Optional<VoicePreferences> voice = voice(document, problems);
    Optional<Integer> voiceBudget = whole(document, "premiumVoiceBudget", MAX_PREMIUM_VOICE_BUDGET, problems);
    Optional<List<String>> tools = toolsEnabled(document, node.toolNames(), problems);
    Optional<ModelParameters> model = model(document, node, problems);
    Optional<String> webhookUrl = text(document, "webhookUrl", MAX_WEBHOOK_URL, true, problems);
    webhookUrl.filter(url -> !WebhookAddress.isValid(url))
        .ifPresent(url -> problems.add("webhookUrl: must be " + WebhookAddress.EXPECTED));
    List<String> phoneNumbers = phoneNumbers(document, problems);
    Optional<UsageLimits> limits = limits(document, node.limits(), problems);
    Optional<WidgetAppearance> widget = widget(document, problems);
    List<String> webhookEvents = webhookEvents(document, problems);
    TenantToolsDocument own = new TenantToolsDocument(secrets, problems);
    List<HttpToolSetting> httpTools = own.httpTools(document, node.toolNames());
    List<McpServerSetting> mcpServers = own.mcpServers(document);
    BotConfig config = new BotConfig(assistant, company, instructions, cache, ttl, entries, leadThreshold, leadWeights,
        handoffRules, kinds, patterns, keepArchive, guard, transferTarget, greeting, voice, voiceBudget, tools, model,
        webhookUrl, phoneNumbers, limits, widget, webhookEvents, httpTools, mcpServers);
    contextFits(config, node.limits(), problems);
    return problems.isEmpty() ? new Read.Valid(config) : new Read.Invalid(problems);
  }

  // Limits and budgets (docs/bot-config.md#limits-and-budgets).

  /** Tokens a UTC day a tenant's document may set; the operator's own limit for the tenant still bounds it. */
  public static final int MAX_TOKENS_PER_DAY = 2_000_000_000;
  /** Messages a minute a tenant's document may set where the node sets no limit of its own. */
  public static final int MAX_MESSAGES_PER_MINUTE = 1_000_000;
  private static final List<String> LIMITS =
      List.of("contextTokens", "sessionTokens", "tokensPerDay", "messagesPerMinute", "sessionMessagesPerMinute");

  /**
   * {@code {"contextTokens", "sessionTokens", "tokensPerDay", "messagesPerMinute", "sessionMessagesPerMinute"}},
   * each optional (the node's) and a whole number from 1 to the node's own limit; the daily tokens,
   * which the operator sets per tenant, are bounded by it when they are counted.
   */
  private static Optional<UsageLimits> limits(JsonNode document, NodeLimits node, List<String> problems) {
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
        whole(value, "sessionMessagesPerMinute", node.sessionMessagesPerMinute(), problems));
    prefix("limits.", before, problems);
    return Optional.of(limits);
  }

  /** A context window too small for the configuration's system prompt, some conversation and its answer. */
  private static void contextFits(BotConfig config, NodeLimits node, List<String> problems) {
    config.limits().flatMap(UsageLimits::contextTokens).ifPresent(tokens -> {
      int least = node.leastContextTokens().applyAsInt(config);
      if (tokens < least) {
        problems.add("limits.contextTokens: at least " + least + " for this configuration (its system prompt, room for"
            + " the conversation and model.maxTokens for the answer)");
      }
    });
  }

  /**
   * The object {@code name} of {@code document}, its fields not among {@code known} listed as
   * problems (each not a {@code kind}); empty when unset, or when it is no object (a problem too).
   */
  private static Optional<JsonNode> settingsObject(JsonNode document, String name, List<String> known, String kind,
      List<String> problems) {
    JsonNode value = document.get(name);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isObject()) {
      problems.add(name + ": must be an object");
      return Optional.empty();
    }
    value.fieldNames().forEachRemaining(field -> {
      if (!known.contains(field)) {
        problems.add(name + "." + field + ": not a " + kind + " (known: " + String.join(", ", known) + ")");
      }
    });
    return Optional.of(value);
  }

  /** {@code {"negativeSentiment": bool, "sameQuestionFailures": 0-10, "toolFailure": bool}}, each optional (off). */
  private static Optional<HandoffRules> handoffRules(JsonNode document, List<String> problems) {
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

  /** {@code {"tier": "premium|local|lead_score", "premiumFromScore": 1-100, "name": "...", "speed": 0.5-2.0}}, each optional. */
  private static Optional<VoicePreferences> voice(JsonNode document, List<String> problems) {
    Optional<JsonNode> object = settingsObject(document, "voice", List.of("name", "premiumFromScore", "speed", "tier"),
        "setting", problems);
    if (object.isEmpty()) return Optional.empty();
    JsonNode value = object.get();
    int before = problems.size();
    Optional<VoicePreferences.TierPolicy> tier = Optional.empty();
    JsonNode tierValue = value.get("tier");
    if (tierValue != null && !tierValue.isNull()) {
      tier = Arrays.stream(VoicePreferences.TierPolicy.values())
          .filter(policy -> tierValue.isTextual() && policy.name().toLowerCase(Locale.ROOT).equals(tierValue.asText()))
          .findFirst();
      if (tier.isEmpty()) problems.add("tier: must be \"premium\", \"local\" or \"lead_score\"");
    }
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
    prefix("voice.", before, problems);
    return Optional.of(new VoicePreferences(tier, fromScore, name, speed));
  }

  /**
   * {@code {"name", "avatarUrl", "accentColor", "position", "greeting", "launcherText", "language",
   * "theme", "sound"}}, each optional (the widget's own default).
   */
  private static Optional<WidgetAppearance> widget(JsonNode document, List<String> problems) {
    Optional<JsonNode> object = settingsObject(document, "widget", List.of("accentColor", "avatarUrl", "greeting",
        "language", "launcherText", "name", "position", "sound", "theme"), "setting", problems);
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
    Optional<Boolean> sound = Optional.empty();
    JsonNode soundValue = value.get("sound");
    if (soundValue != null && !soundValue.isNull()) {
      if (soundValue.isBoolean()) sound = Optional.of(soundValue.asBoolean());
      else problems.add("sound: must be true or false");
    }
    prefix("widget.", before, problems);
    return Optional.of(new WidgetAppearance(name, avatar, accent, position, greeting, launcher, language, theme, sound));
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

  /** Names of the node's tools, each once; {@code []} leaves the bot without tools. */
  private static Optional<List<String>> toolsEnabled(JsonNode document, Set<String> known, List<String> problems) {
    JsonNode value = document.get("toolsEnabled");
    if (value == null || value.isNull()) return Optional.empty();
    return Optional.of(names(value, "toolsEnabled", "tool", known, problems));
  }

  /**
   * A list of names of what the node has ({@code known}), each once, in the document's order;
   * the problems name each entry by its index.
   */
  private static List<String> names(JsonNode value, String field, String kind, Set<String> known, List<String> problems) {
    String offered = known.isEmpty() ? "this node has no " + kind + "s" : "known: " + String.join(", ", known.stream().sorted().toList());
    if (!value.isArray()) {
      problems.add(field + ": must be a list of " + kind + " names (" + offered + ")");
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode name = value.get(i);
      String entry = field + "[" + i + "]";
      if (!name.isTextual()) problems.add(entry + ": must be a " + kind + "'s name");
      else if (!known.contains(name.asText())) problems.add(entry + ": no " + kind + " is named " + name + " (" + offered + ")");
      else if (names.contains(name.asText())) problems.add(entry + ": " + name + " is named twice");
      else names.add(name.asText());
    }
    return names;
  }

  /**
   * {@code {"temperature": 0-2, "maxTokens": 1-the node's, "providers": [the node's, at least one]}},
   * each optional (the node's).
   */
  private static Optional<ModelParameters> model(JsonNode document, Node node, List<String> problems) {
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
    Optional<Integer> maxTokens = whole(value, "maxTokens", node.maxTokens(), problems);
    List<String> providers = List.of();
    JsonNode providersValue = value.get("providers");
    if (providersValue != null && !providersValue.isNull()) {
      providers = names(providersValue, "providers", "provider", node.providerNames(), problems);
      if (providersValue.isArray() && providersValue.isEmpty()) {
        problems.add("providers: at least one (leave it out to use the node's order)");
      }
    }
    prefix("model.", before, problems);
    return Optional.of(new ModelParameters(temperature, maxTokens, providers));
  }

  /** Names the object a nested setting's problems belong to, as {@code voice.speed: ...}. */
  private static void prefix(String object, int from, List<String> problems) {
    for (int i = from; i < problems.size(); i++) {
      if (!problems.get(i).startsWith(object)) problems.set(i, object + problems.get(i));
    }
  }

  /** {@code {"<signal>": points}}, every signal known and its points from 0 to 100. */
  private static Map<String, Integer> leadWeights(JsonNode document, List<String> problems) {
    JsonNode value = document.get("leadWeights");
    if (value == null || value.isNull()) return Map.of();
    if (!value.isObject()) {
      problems.add("leadWeights: must be an object of signal names and points");
      return Map.of();
    }
    Map<String, Integer> byName = new TreeMap<>();
    value.fields().forEachRemaining(entry -> byName.put(entry.getKey(),
        entry.getValue().isIntegralNumber() && entry.getValue().canConvertToInt() ? entry.getValue().intValue() : null));
    List<String> found = LeadWeights.problems(byName);
    found.forEach(problem -> problems.add("leadWeights." + problem));
    return found.isEmpty() ? byName : Map.of();
  }

  private static Optional<List<PersonalDataKind>> kinds(JsonNode document, List<String> problems) {
    JsonNode value = document.get("redactKinds");
    if (value == null || value.isNull()) return Optional.empty();
    String known = String.join(", ", Arrays.stream(PersonalDataKind.values()).map(Enum::name).toList());
    if (!value.isArray()) {
      problems.add("redactKinds: must be a list of kinds (" + known + ")");
      return Optional.empty();
    }
    List<PersonalDataKind> kinds = new ArrayList<>();
    for (JsonNode kind : value) {
      Optional<PersonalDataKind> found = Arrays.stream(PersonalDataKind.values())
          .filter(k -> kind.isTextual() && k.name().equals(kind.asText())).findFirst();
      if (found.isEmpty()) problems.add("redactKinds: " + kind + " is not a kind (" + known + ")");
      else if (!kinds.contains(found.get())) kinds.add(found.get());
    }
    return Optional.of(kinds);
  }

  private static Optional<List<RedactionPattern>> patterns(JsonNode document, List<String> problems) {
    JsonNode value = document.get("redactPatterns");
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isArray()) {
      problems.add("redactPatterns: must be a list of {\"name\", \"regex\"}");
      return Optional.empty();
    }
    if (value.size() > TenantPatterns.MAX_PATTERNS) problems.add("redactPatterns: at most " + TenantPatterns.MAX_PATTERNS);
    List<RedactionPattern> patterns = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode entry = value.get(i);
      String field = "redactPatterns[" + i + "]";
      if (!entry.isObject() || !entry.path("name").isTextual() || !entry.path("regex").isTextual() || entry.size() != 2) {
        problems.add(field + ": must be {\"name\": \"MEMBER_ID\", \"regex\": \"...\"} and nothing else");
        continue;
      }
      String name = entry.get("name").asText();
      String regex = entry.get("regex").asText();
      List<String> found = TenantPatterns.problems(field, name, regex);
      if (!names.add(name)) found.add(field + ".name: " + name + " is used twice");
      problems.addAll(found);
      patterns.add(new RedactionPattern(name, regex));
    }
    return Optional.of(patterns);
  }

  private static Optional<BotConfig.InjectionGuard> guard(JsonNode document, List<String> problems) {
    JsonNode value = document.get("injectionGuard");
    if (value == null || value.isNull()) return Optional.empty();
    return switch (value.isTextual() ? value.asText() : "") {
      case "flag" -> Optional.of(BotConfig.InjectionGuard.FLAG);
      case "refuse" -> Optional.of(BotConfig.InjectionGuard.REFUSE);
      default -> {
        problems.add("injectionGuard: must be \"flag\" or \"refuse\"");
        yield Optional.empty();
      }
    };
  }

  private static Optional<Boolean> flag(JsonNode document, String field, List<String> problems) {
    JsonNode value = document.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isBoolean()) {
      problems.add(field + ": must be true or false");
      return Optional.empty();
    }
    return Optional.of(value.booleanValue());
  }

  private static Optional<Integer> whole(JsonNode document, String field, int max, List<String> problems) {
    JsonNode value = document.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > max) {
      problems.add(field + ": must be a whole number from 1 to " + max);
      return Optional.empty();
    }
    return Optional.of(value.intValue());
  }

  private static Optional<String> text(JsonNode document, String field, int max, boolean oneLine, List<String> problems) {
    JsonNode value = document.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isTextual()) {
      problems.add(field + ": must be a string");
      return Optional.empty();
    }
    String text = value.asText().strip();
    if (text.isEmpty()) problems.add(field + ": must not be empty (leave it out to use the node's setting)");
    if (text.codePointCount(0, text.length()) > max) problems.add(field + ": at most " + max + " characters");
    if (oneLine && text.chars().anyMatch(c -> c == '\n' || c == '\r')) problems.add(field + ": one line only");
    // The template's own markers would let a value inject another placeholder's text.
    if (text.contains("{{")) problems.add(field + ": must not contain {{");
    return Optional.of(text);
  }

  /** Dialled numbers ({@link DialledNumber}), each once however it is written, kept normalized. */
  private static List<String> phoneNumbers(JsonNode document, List<String> problems) {
    JsonNode value = document.get("phoneNumbers");
    if (value == null || value.isNull()) return List.of();
    if (!value.isArray()) {
      problems.add("phoneNumbers: must be a list of dialled numbers, e.g. [\"+4930123456\"]");
      return List.of();
    }
    if (value.size() > MAX_PHONE_NUMBERS) problems.add("phoneNumbers: at most " + MAX_PHONE_NUMBERS);
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode entry = value.get(i);
      String field = "phoneNumbers[" + i + "]";
      Optional<String> number = entry.isTextual() ? DialledNumber.parse(entry.asText()) : Optional.empty();
      if (number.isEmpty()) problems.add(field + ": must be " + DialledNumber.EXPECTED + ", got " + entry);
      else if (numbers.contains(number.get())) problems.add(field + ": " + number.get() + " is listed twice");
      else numbers.add(number.get());
    }
    return numbers;
  }

  /** The conversation events the tenant's webhook hears, each named once ({@link ConversationEvents}). */
  private static List<String> webhookEvents(JsonNode document, List<String> problems) {
    JsonNode value = document.get("webhookEvents");
    if (value == null || value.isNull()) return List.of();
    return names(value, "webhookEvents", "conversation event", ConversationEvents.NAMES, problems);
  }
}
