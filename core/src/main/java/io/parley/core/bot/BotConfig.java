package io.parley.core.bot;

import io.parley.core.attachment.AttachmentPolicy;
import io.parley.core.attachment.AttachmentType;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.parley.core.cost.CostSettings;
import io.parley.core.handoff.HandoffRules;
import io.parley.core.handoff.SupportHours;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.TextOverrides;
import io.parley.core.lead.LeadSettings;
import io.parley.core.lead.LeadSignal;
import io.parley.core.lead.LeadWeights;
import io.parley.core.privacy.PersonalDataKind;
import io.parley.core.privacy.RedactionPolicy;
import io.parley.core.privacy.TenantPatterns;
import io.parley.core.procedure.Procedure;
import io.parley.core.session.ReplyOption;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tenant's bot, as the tenant configured it: what is set replaces the node's setting, what is
 * not falls back to it. {@code instructions} are the company's own additions to the system prompt
 * (opening hours, tone, what to offer), placed after Parley's rules, which they cannot override.
 * {@code answerCache}, {@code answerCacheTtlMinutes} and {@code answerCacheMaxEntries} turn the
 * tenant's answer cache off, or keep its answers shorter or fewer than the node does
 * (docs/answer-cache.md). {@code leadThreshold} and {@code leadWeights} score the tenant's leads
 * (docs/bot-config.md#lead-scoring): the score that qualifies a lead (the node's when unset) and the signals'
 * points ({@link LeadWeights}' defaults for those unset). {@code handoffRules} bring a person in unasked
 * (docs/handoff.md); none unless set. {@code redactKinds} (the built-in kinds of personal data redacted, all
 * unless set), {@code redactPatterns} (the tenant's own) and {@code keepArchiveUnredacted} are its redaction; {@code injectionGuard} says whether
 * instruction-like text is only flagged or refused (docs/security.md). {@code phoneTransferTarget}
 * is where a phone call goes when a person is asked for (a SIP URI, docs/handoff.md#phone).
 * {@code greeting} is spoken when a call starts (the node's {@code PARLEY_SIP_GREETING} otherwise) and greets
 * a new chat conversation unless the widget has one, {@code voice} says which tier speaks and how, and
 * {@code premiumVoiceBudget} is the premium characters a day the tenant pays for (docs/bot-config.md#voice). {@code toolsEnabled} names the
 * node's tools the tenant's bot may use (all of them unless set), and {@code model} its model
 * calls' parameters (docs/bot-config.md#tools-and-model). {@code webhookUrl} is where the tenant's
 * webhooks go instead of the URL of {@code PARLEY_WEBHOOKS}, signed with the secret set there
 * (docs/bot-config.md#webhook). {@code phoneNumbers} are the numbers (normalized, as
 * {@link io.parley.core.call.DialledNumber} has them) whose calls reach the tenant
 * (docs/bot-config.md#phone-numbers). {@code limits} are what the tenant's bot may use (context
 * window, token budgets, message rates), each within the node's own
 * (docs/bot-config.md#limits-and-budgets). {@code widget} is how the chat widget looks on the
 * tenant's pages, public to anyone holding its publishable key (docs/bot-config.md#widget).
 * {@code webhookEvents} are the conversation events ({@link ConversationEvents}) the tenant's
 * webhook hears (docs/bot-config.md#conversation-events); none unless set. {@code httpTools} and
 * {@code mcpServers} are the company's own tools, on its own servers, beside the node's
 * (docs/tools.md#a-tenants-own-tools); none unless set. {@code evaluationGate} keeps a draft from
 * being published unless its latest evaluation run passed (docs/evaluations.md#publish-gate). {@code approvalTimeout} is how many seconds
 * a call of a tenant's own tool waits for its approval (docs/tools.md#approvals); ten minutes unless set.
 * {@code supportHours} are when the support team is at work, which the notice of a customer asking
 * for a person while no agent is online tells (docs/handoff.md#what-the-customer-sees); none unless set.
 * {@code qualitySampleRate} is the share of the tenant's closed conversations the judge scores (all
 * unless set), and {@code qualityDailyTokens} the judge's tokens a UTC day for them, at most the
 * node's (docs/evaluations.md#every-conversation-scored).
 * {@code texts} are the tenant's own wording of the customer's texts, greeting and bot's name per language
 * (docs/languages.md#a-tenants-own-wording); the language packs' unless set.
 * {@code procedures} are the company's processes the bot follows step by step (docs/procedures.md); none unless set.
 * {@code attachmentTypes} are the media types of the files its conversations take, and {@code vision}
 * gives its model attached images to look at (docs/attachments.md); every supported type, and no vision, unless set.
 * {@code greetingOptions} are the replies a new chat conversation's greeting offers to tap, and
 * {@code suggestReplies} lets the model offer replies with its answers (docs/bot-config.md#replies-to-tap);
 * neither unless set. {@code translateAgentReplies} has an agent's reply written in another language
 * than the conversation's sent translated into it (docs/languages.md#staff); on unless set to false.
 * {@code costs} are the tenant's prices over the node's and its budgets in money (docs/bot-config.md#costs).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record BotConfig(
    Optional<String> assistantName, Optional<String> companyName, Optional<String> instructions,
    Optional<Boolean> answerCache, Optional<Integer> answerCacheTtlMinutes, Optional<Integer> answerCacheMaxEntries,
    Optional<Integer> leadThreshold, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> leadWeights,
    Optional<HandoffRules> handoffRules,
    Optional<List<PersonalDataKind>> redactKinds, Optional<List<RedactionPattern>> redactPatterns,
    Optional<Boolean> keepArchiveUnredacted, Optional<InjectionGuard> injectionGuard,
    Optional<String> phoneTransferTarget,
    Optional<String> greeting, Optional<VoicePreferences> voice, Optional<Integer> premiumVoiceBudget,
    Optional<List<String>> toolsEnabled, Optional<ModelParameters> model, Optional<String> webhookUrl,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> phoneNumbers, Optional<UsageLimits> limits,
    Optional<WidgetAppearance> widget,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> webhookEvents,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HttpToolSetting> httpTools,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<McpServerSetting> mcpServers,
    Optional<EvaluationGate> evaluationGate, Optional<Integer> approvalTimeout, Optional<SupportHours> supportHours,
    Optional<Double> qualitySampleRate, Optional<Integer> qualityDailyTokens, Optional<TextOverrides> texts,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Procedure> procedures,
    Optional<List<String>> attachmentTypes, Optional<Boolean> vision,
    Optional<List<GreetingOption>> greetingOptions, Optional<Boolean> suggestReplies,
    Optional<Boolean> translateAgentReplies, Optional<CostSettings> costs) {
  /** How long a tool call waits for its approval unless the configuration says otherwise. */
  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(10);

  /** What a user message or a document that reads like instructions to the model gets. */
  public enum InjectionGuard {
    /** Counted and logged, and used as usual (fenced as data when it is a document). */
    @JsonProperty("flag") FLAG,
    /** A user message is refused; a document is left out of the prompt. */
    @JsonProperty("refuse") REFUSE
  }

  public BotConfig {
    assistantName = assistantName == null ? Optional.empty() : assistantName;
    companyName = companyName == null ? Optional.empty() : companyName;
    instructions = instructions == null ? Optional.empty() : instructions;
    answerCache = answerCache == null ? Optional.empty() : answerCache;
    answerCacheTtlMinutes = answerCacheTtlMinutes == null ? Optional.empty() : answerCacheTtlMinutes;
    answerCacheMaxEntries = answerCacheMaxEntries == null ? Optional.empty() : answerCacheMaxEntries;
    leadThreshold = leadThreshold == null ? Optional.empty() : leadThreshold;
    leadWeights = leadWeights == null ? Map.of() : Map.copyOf(leadWeights);
    handoffRules = handoffRules == null ? Optional.empty() : handoffRules;
    redactKinds = redactKinds == null ? Optional.empty() : redactKinds.map(List::copyOf);
    redactPatterns = redactPatterns == null ? Optional.empty() : redactPatterns.map(List::copyOf);
    keepArchiveUnredacted = keepArchiveUnredacted == null ? Optional.empty() : keepArchiveUnredacted;
    injectionGuard = injectionGuard == null ? Optional.empty() : injectionGuard;
    phoneTransferTarget = phoneTransferTarget == null ? Optional.empty() : phoneTransferTarget;
    greeting = greeting == null ? Optional.empty() : greeting;
    voice = voice == null ? Optional.empty() : voice;
    premiumVoiceBudget = premiumVoiceBudget == null ? Optional.empty() : premiumVoiceBudget;
    toolsEnabled = toolsEnabled == null ? Optional.empty() : toolsEnabled.map(List::copyOf);
    model = model == null ? Optional.empty() : model;
    webhookUrl = webhookUrl == null ? Optional.empty() : webhookUrl;
    phoneNumbers = phoneNumbers == null ? List.of() : List.copyOf(phoneNumbers);
    limits = limits == null ? Optional.empty() : limits;
    widget = widget == null ? Optional.empty() : widget;
    webhookEvents = webhookEvents == null ? List.of() : List.copyOf(webhookEvents);
    httpTools = httpTools == null ? List.of() : List.copyOf(httpTools);
    mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
    evaluationGate = evaluationGate == null ? Optional.empty() : evaluationGate;
    approvalTimeout = approvalTimeout == null ? Optional.empty() : approvalTimeout;
    supportHours = supportHours == null ? Optional.empty() : supportHours;
    qualitySampleRate = qualitySampleRate == null ? Optional.empty() : qualitySampleRate;
    qualityDailyTokens = qualityDailyTokens == null ? Optional.empty() : qualityDailyTokens;
    texts = texts == null ? Optional.empty() : texts;
    procedures = procedures == null ? List.of() : List.copyOf(procedures);
    attachmentTypes = attachmentTypes == null ? Optional.empty() : attachmentTypes.map(List::copyOf);
    vision = vision == null ? Optional.empty() : vision;
    greetingOptions = greetingOptions == null ? Optional.empty() : greetingOptions.map(List::copyOf);
    suggestReplies = suggestReplies == null ? Optional.empty() : suggestReplies;
    translateAgentReplies = translateAgentReplies == null ? Optional.empty() : translateAgentReplies;
    costs = costs == null ? Optional.empty() : costs;
  }

  /**
   * Every setting but the scoring's (every closed conversation scored, within the node's daily cap),
   * the tenant's own texts (the language packs'), the procedures (none) and the replies to tap (none).
   */
  public BotConfig(
      Optional<String> assistantName, Optional<String> companyName, Optional<String> instructions,
      Optional<Boolean> answerCache, Optional<Integer> answerCacheTtlMinutes, Optional<Integer> answerCacheMaxEntries,
      Optional<Integer> leadThreshold, Map<String, Integer> leadWeights, Optional<HandoffRules> handoffRules,
      Optional<List<PersonalDataKind>> redactKinds, Optional<List<RedactionPattern>> redactPatterns,
      Optional<Boolean> keepArchiveUnredacted, Optional<InjectionGuard> injectionGuard,
      Optional<String> phoneTransferTarget,
      Optional<String> greeting, Optional<VoicePreferences> voice, Optional<Integer> premiumVoiceBudget,
      Optional<List<String>> toolsEnabled, Optional<ModelParameters> model, Optional<String> webhookUrl,
      List<String> phoneNumbers, Optional<UsageLimits> limits, Optional<WidgetAppearance> widget,
      List<String> webhookEvents, List<HttpToolSetting> httpTools, List<McpServerSetting> mcpServers,
      Optional<EvaluationGate> evaluationGate, Optional<Integer> approvalTimeout, Optional<SupportHours> supportHours) {
    this(assistantName, companyName, instructions, answerCache, answerCacheTtlMinutes, answerCacheMaxEntries,
        leadThreshold, leadWeights, handoffRules, redactKinds, redactPatterns, keepArchiveUnredacted, injectionGuard,
        phoneTransferTarget, greeting, voice, premiumVoiceBudget, toolsEnabled, model, webhookUrl, phoneNumbers, limits,
        widget, webhookEvents, httpTools, mcpServers, evaluationGate, approvalTimeout, supportHours, Optional.empty(),
        Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** The file types the tenant's conversations take: every supported one unless set. */
  public Set<AttachmentType> allowedAttachments() {
    return attachmentTypes.map(types -> types.stream().map(AttachmentType::ofMediaType).flatMap(Optional::stream)
        .collect(Collectors.toUnmodifiableSet())).orElse(AttachmentPolicy.DEFAULT_TYPES);
  }

  /** Whether the tenant's model is given attached images to look at. */
  public boolean seesImages() {
    return vision.orElse(false);
  }

  /** The share of closed conversations the judge scores: all unless set. */
  public double qualitySample() {
    return qualitySampleRate.orElse(1.0);
  }

  /** How long a tool call waits for its approval before it expires (docs/tools.md#approvals). */
  public Duration approvalWait() {
    return approvalTimeout.map(seconds -> Duration.ofSeconds(seconds)).orElse(DEFAULT_APPROVAL_TIMEOUT);
  }

  /** The same configuration with {@code servers} as its MCP servers (as they listed their tools when it was saved). */
  public BotConfig withMcpServers(List<McpServerSetting> servers) {
    return new BotConfig(assistantName, companyName, instructions, answerCache, answerCacheTtlMinutes, answerCacheMaxEntries, leadThreshold, leadWeights, handoffRules, redactKinds, redactPatterns,
        keepArchiveUnredacted, injectionGuard, phoneTransferTarget, greeting, voice, premiumVoiceBudget, toolsEnabled,
        model, webhookUrl, phoneNumbers, limits, widget, webhookEvents, httpTools, servers, evaluationGate,
        approvalTimeout, supportHours, qualitySampleRate, qualityDailyTokens, texts, procedures, attachmentTypes,
        vision, greetingOptions, suggestReplies, translateAgentReplies, costs);
  }

  /** The prompt settings only; everything else as a tenant gets it by default. */
  public BotConfig(Optional<String> assistantName, Optional<String> companyName, Optional<String> instructions) {
    this(assistantName, companyName, instructions, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(),
        List.of(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  // One for all: a session without a pinned configuration asks for it on every message.
  private static final BotConfig EMPTY = new BotConfig(Optional.empty(), Optional.empty(), Optional.empty());

  public static BotConfig empty() {
    return EMPTY;
  }

  /** Whether the tenant lets its turns use the answer cache (unless set, as the node does). */
  public boolean answerCacheOn() {
    return answerCache.orElse(true);
  }

  /** How this tenant's leads are scored, on a node whose threshold is {@code nodeThreshold}. */
  public LeadSettings leadScoring(int nodeThreshold) {
    Map<LeadSignal, Integer> weights = new EnumMap<>(LeadSignal.class);
    leadWeights.forEach((name, points) -> weights.put(LeadSignal.fromWireName(name), points));
    return new LeadSettings(new LeadWeights(weights), leadThreshold.orElse(nodeThreshold));
  }

  /** What the tenant's sessions redact: the kinds it chose (all unless set) and its own patterns. */
  public RedactionPolicy redaction() {
    return new RedactionPolicy(
        redactKinds.<Set<PersonalDataKind>>map(Set::copyOf).orElse(EnumSet.allOf(PersonalDataKind.class)),
        redactPatterns.orElse(List.of()).stream().map(p -> TenantPatterns.of(p.name(), p.regex())).toList());
  }

  /** Whether the tenant keeps its archive documents as written, even where the node redacts them. */
  public boolean keepsArchiveUnredacted() {
    return keepArchiveUnredacted.orElse(false);
  }

  /** Whether flagged user messages are refused and flagged documents left out (else only flagged). */
  public boolean refusesInjections() {
    return injectionGuard.orElse(InjectionGuard.FLAG) == InjectionGuard.REFUSE;
  }

  /** The tenant's voice, or the node's wherever it sets nothing. */
  public VoicePreferences voicePreferences() {
    return voice.orElse(VoicePreferences.none());
  }

  /**
   * Whether the tenant's bot may use the node's tool {@code name} (every one unless the tenant names
   * some); the tenant's own tools are always its bot's.
   */
  public boolean toolEnabled(String name) {
    return toolsEnabled.map(names -> names.contains(name)).orElse(true);
  }

  /** The tenant's model parameters, or the node's wherever it sets none. */
  public ModelParameters modelParameters() {
    return model.orElse(ModelParameters.none());
  }

  /**
   * What a new chat conversation is greeted with, as its first bot message: the widget's greeting,
   * else the one a call hears; none when the tenant set neither.
   */
  public Optional<String> chatGreeting() {
    return widget.flatMap(WidgetAppearance::greeting).or(() -> greeting);
  }

  /** The greeting of a new chat conversation in {@code language}: the tenant's for it ({@code texts}), else {@link #chatGreeting}. */
  public Optional<String> chatGreeting(Optional<LanguageTag> language) {
    return language.flatMap(tag -> textOverrides().greeting(tag)).or(this::chatGreeting);
  }

  /** The bot's name for a conversation in {@code language}: the tenant's for it ({@code texts}), else {@code assistantName}. */
  public Optional<String> assistantName(Optional<LanguageTag> language) {
    return language.flatMap(tag -> textOverrides().name(tag)).or(this::assistantName);
  }

  /** The replies the greeting offers a conversation in {@code language} to tap, translated where the tenant did; none unless set. */
  public List<ReplyOption> greetingOptions(Optional<LanguageTag> language) {
    return greetingOptions.orElse(List.of()).stream().map(option -> option.in(language)).toList();
  }

  /** Whether the model may offer replies to tap with its answers (the {@code suggest_replies} tool); not unless set. */
  public boolean suggestsReplies() {
    return suggestReplies.orElse(false);
  }

  /** Whether an agent's reply in another language than the conversation's goes translated; on unless set. */
  public boolean translatesAgentReplies() {
    return translateAgentReplies.orElse(true);
  }

  /** The tenant's own prices and budgets; the node's unless set. */
  public CostSettings costSettings() {
    return costs.orElse(CostSettings.none());
  }

  /** The tenant's own wording of the customer's texts, per language; none unless set. */
  public TextOverrides textOverrides() {
    return texts.orElse(TextOverrides.NONE);
  }

  /**
   * The widget's appearance, named after the assistant when it names no one else, with the greeting
   * a new chat conversation gets ({@link #chatGreeting}): the widget shows it before the customer
   * writes, when there is no conversation yet.
   */
  public WidgetAppearance widgetAppearance() {
    WidgetAppearance set = widget.orElse(WidgetAppearance.none()).named(assistantName);
    return new WidgetAppearance(set.name(), set.avatarUrl(), set.accentColor(), set.position(), chatGreeting(),
        set.launcherText(), set.language(), set.theme(), set.sound(), set.texts());
  }

  /** The tenant's usage limits, or the node's wherever it sets none. */
  public UsageLimits usageLimits() {
    return limits.orElse(UsageLimits.none());
  }

  /** How long the tenant's answers are kept, if it keeps them shorter than the node. */
  public Optional<Duration> answerCacheTtl() {
    return answerCacheTtlMinutes.map(Duration::ofMinutes);
  }
}
