package io.parley.core.bot;

import static io.parley.core.bot.DocumentFields.flag;
import static io.parley.core.bot.DocumentFields.names;
import static io.parley.core.bot.DocumentFields.text;
import static io.parley.core.bot.DocumentFields.whole;
import static io.parley.core.bot.NestedSettings.contextFits;
import static io.parley.core.bot.NestedSettings.evaluationGate;
import static io.parley.core.bot.NestedSettings.handoffRules;
import static io.parley.core.bot.NestedSettings.limits;
import static io.parley.core.bot.NestedSettings.model;
import static io.parley.core.bot.NestedSettings.supportHours;
import static io.parley.core.bot.NestedSettings.voice;
import static io.parley.core.bot.NestedSettings.widget;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.attachment.AttachmentType;
import io.parley.core.call.DialledNumber;
import io.parley.core.call.TransferTarget;
import io.parley.core.cost.CostDocument;
import io.parley.core.handoff.HandoffRules;
import io.parley.core.language.TextOverrides;
import io.parley.core.lead.LeadWeights;
import io.parley.core.privacy.PersonalDataKind;
import io.parley.core.privacy.TenantPatterns;
import io.parley.core.procedure.ProcedureDocument;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
  public static final int MAX_WEBHOOK_URL = 2_000;
  /** Premium characters a day: about 70 hours of speech, more than any one tenant's line needs. */
  public static final int MAX_PREMIUM_VOICE_BUDGET = 50_000_000;
  /** A tenant's support lines, not a number block: more is an operator's PARLEY_SIP_NUMBERS. */
  public static final int MAX_PHONE_NUMBERS = 50;
  /** A day: an approval nobody gave by then is not coming. */
  public static final int MAX_APPROVAL_TIMEOUT_SECONDS = 86_400;
  private static final Set<String> FIELDS = Set.of("assistantName", "companyName", "instructions", "answerCache",
      "answerCacheTtlMinutes", "answerCacheMaxEntries", "leadThreshold", "leadWeights", "handoffRules",
      "redactKinds", "redactPatterns", "keepArchiveUnredacted", "injectionGuard", "phoneTransferTarget", "greeting", "voice",
      "premiumVoiceBudget", "toolsEnabled", "model", "webhookUrl", "phoneNumbers", "limits", "widget", "webhookEvents",
      "httpTools", "mcpServers", "evaluationGate", "approvalTimeout", "supportHours",
      "qualitySampleRate", "qualityDailyTokens", "texts", "procedures", "attachmentTypes", "vision", "greetingOptions",
      "suggestReplies", "translateAgentReplies", "costs");

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
    transferTarget.filter(target -> !TransferTarget.isValid(target) && !TransferTarget.isConsole(target))
        .ifPresent(target -> problems.add("phoneTransferTarget: must be " + TransferTarget.EXPECTED + ", or \""
            + TransferTarget.CONSOLE + "\" (the agents online in the agent console)"));
    Optional<String> greeting = text(document, "greeting", MAX_GREETING, false, problems);
    Optional<VoicePreferences> voice = voice(document, problems);
    Optional<Integer> voiceBudget = whole(document, "premiumVoiceBudget", MAX_PREMIUM_VOICE_BUDGET, problems);
    Optional<List<String>> tools = toolsEnabled(document, node.toolNames(), problems);
    Optional<ModelParameters> model = model(document, node.maxTokens(), node.providerNames(), problems);
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
    Optional<Integer> approvalTimeout = whole(document, "approvalTimeout", MAX_APPROVAL_TIMEOUT_SECONDS, problems);
    BotConfig config = new BotConfig(assistant, company, instructions, cache, ttl, entries, leadThreshold, leadWeights,
        handoffRules, kinds, patterns, keepArchive, guard, transferTarget, greeting, voice, voiceBudget, tools, model,
        webhookUrl, phoneNumbers, limits, widget, webhookEvents, httpTools, mcpServers, evaluationGate(document, problems),
        approvalTimeout, supportHours(document, problems), share(document, "qualitySampleRate", problems),
        whole(document, "qualityDailyTokens", NestedSettings.MAX_TOKENS_PER_DAY, problems), texts(document, problems),
        ProcedureDocument.read(document.get("procedures"), toolNames(node, httpTools, mcpServers), problems),
        attachmentTypes(document, problems), flag(document, "vision", problems),
        GreetingOption.read(document, problems), flag(document, "suggestReplies", problems),
        flag(document, "translateAgentReplies", problems), CostDocument.read(document, problems));
    contextFits(config, node.limits(), problems);
    return problems.isEmpty() ? new Read.Valid(config) : new Read.Invalid(problems);
  }

  /** The names the model knows the bot's tools by: the node's, the tenant's HTTP tools' and its MCP servers' ({@code <server>_<tool>}). */
  private static Set<String> toolNames(Node node, List<HttpToolSetting> httpTools, List<McpServerSetting> mcpServers) {
    Set<String> names = new HashSet<>(node.toolNames());
    httpTools.forEach(tool -> names.add(tool.name()));
    mcpServers.forEach(server -> server.tools().forEach(tool -> names.add(server.name() + "_" + tool.name())));
    return names;
  }

  /** The media types of the files the tenant's conversations take, each one Parley supports (docs/attachments.md). */
  private static Optional<List<String>> attachmentTypes(JsonNode document, List<String> problems) {
    JsonNode types = document.get("attachmentTypes");
    if (types == null || types.isNull()) return Optional.empty();
    String expected = "attachmentTypes: must be a list of " + Arrays.stream(AttachmentType.values())
        .map(AttachmentType::mediaType).collect(Collectors.joining(", "));
    if (!types.isArray()) {
      problems.add(expected);
      return Optional.empty();
    }
    List<String> read = new ArrayList<>();
    for (JsonNode type : types) {
      Optional<AttachmentType> known = type.isTextual() ? AttachmentType.ofMediaType(type.asText()) : Optional.empty();
      if (known.isEmpty()) {
        problems.add(expected + ", not " + type);
        return Optional.empty();
      }
      if (!read.contains(known.get().mediaType())) read.add(known.get().mediaType());
    }
    return Optional.of(read);
  }

  /** The tenant's own texts per language ({@link TextOverrides}); none when unset or empty. */
  private static Optional<TextOverrides> texts(JsonNode document, List<String> problems) {
    TextOverrides texts = TextOverrides.read(document.get("texts"), problems);
    return texts.byLanguage().isEmpty() ? Optional.empty() : Optional.of(texts);
  }

  /** A share from 0 to 1. */
  private static Optional<Double> share(JsonNode document, String field, List<String> problems) {
    JsonNode value = document.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
      problems.add(field + ": must be a number from 0 to 1");
      return Optional.empty();
    }
    return Optional.of(value.asDouble());
  }

  /** Names of the node's tools, each once; {@code []} leaves the bot without tools. */
  private static Optional<List<String>> toolsEnabled(JsonNode document, Set<String> known, List<String> problems) {
    JsonNode value = document.get("toolsEnabled");
    if (value == null || value.isNull()) return Optional.empty();
    return Optional.of(names(value, "toolsEnabled", "tool", known, problems));
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
