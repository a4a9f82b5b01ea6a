package io.parley.sessions.turn;

import io.parley.core.bot.BotConfig;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.language.LanguageTag;
import io.parley.core.llm.PromptMessage;
import io.parley.core.memory.ExtractiveSummarizer;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.PinnedFacts;
import io.parley.core.memory.SeqRange;
import io.parley.core.memory.SummaryPolicy;
import io.parley.core.memory.SummaryPrompt;
import io.parley.core.prompt.AssembledPrompt;
import io.parley.core.prompt.ContextSection;
import io.parley.core.prompt.ConversationTokenCounts;
import io.parley.core.prompt.LanguageSection;
import io.parley.core.prompt.MemorySections;
import io.parley.core.prompt.PageSection;
import io.parley.core.prompt.PromptAssembler;
import io.parley.core.prompt.PromptBudget;
import io.parley.core.prompt.SupportHoursLine;
import io.parley.core.prompt.ReplySuggestionPrompt;
import io.parley.core.prompt.SystemPrompt;
import io.parley.core.prompt.TokenCounter;
import io.parley.core.prompt.TokenEstimator;
import io.parley.core.prompt.AnswerExtractionPrompt;
import io.parley.core.prompt.TranslationPrompt;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.PageContext;
import io.parley.sessions.SessionSettings;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything a node sends a model, in one place (PROMPTS.md): the support system prompt, filled in
 * for each turn because it names today's date (and whether the tenant's team is at work) and a node
 * runs for days; the memory sections
 * (long-term memory, rolling summary, pinned facts); the history that fits the token budget; and
 * the rolling summary's own policy and prompts.
 */
public final class TurnPrompts {
  static final String SYSTEM_PROMPT = "/prompts/support-agent.txt";
  // Written out ("Saturday, 21 November 2026"): the weekday helps the model with "by Friday?".
  private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);
  // The longest date the prompt names ("Wednesday, 30 September 2026"), at an hour a support team is
  // closed: a tenant's context window must hold it.
  private static final ZonedDateTime LONGEST_DAY = LocalDate.of(2026, 9, 30).atTime(23, 59).atZone(ZoneOffset.UTC);

  private final SystemPrompt systemPrompt;
  private final String assistantName;
  private final String companyName;
  private final TokenCounter counter;
  private final PromptBudget budget;
  private final MemorySections sections;
  private final SummaryPolicy summaryPolicy;
  private final SummaryPrompt summaryPrompt;
  private final ExtractiveSummarizer extractiveSummarizer;
  private final ReplySuggestionPrompt suggestions = ReplySuggestionPrompt.create();

  public TurnPrompts(SystemPrompt systemPrompt, String assistantName, String companyName, TokenCounter counter,
      PromptBudget budget) {
    this.systemPrompt = systemPrompt;
    this.assistantName = assistantName;
    this.companyName = companyName;
    this.counter = counter;
    this.budget = budget;
    this.sections = MemorySections.defaults(counter);
    this.summaryPolicy = SummaryPolicy.defaults(counter);
    this.summaryPrompt = SummaryPrompt.create(SummaryPrompt.DEFAULT_MAX_WORDS);
    this.extractiveSummarizer = new ExtractiveSummarizer(counter, ExtractiveSummarizer.DEFAULT_MAX_TOKENS);
    // Fails now, at start-up, if the budget cannot hold the system prompt.
    assembler(systemPrompt(ZonedDateTime.now(), BotConfig.empty()), BotConfig.empty(), counter);
  }

  public static TurnPrompts create(SessionSettings settings) {
    try {
      return new TurnPrompts(SystemPrompt.fromResource(SYSTEM_PROMPT), settings.assistantName(),
          settings.companyName(), new TokenEstimator(),
          new PromptBudget(settings.contextTokens(), settings.answerMaxTokens()));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("PARLEY_CONTEXT_TOKENS (" + settings.contextTokens() + ") less "
          + "PARLEY_ANSWER_MAX_TOKENS (" + settings.answerMaxTokens() + ") leaves too little room: " + e.getMessage());
    }
  }

  /** The prompt of a turn with no memory: the system prompt and the history that fits. */
  public AssembledPrompt assemble(List<ChatMessage> history, ZonedDateTime now) {
    return assemble(history, now, Optional.empty(), PinnedFacts.empty(), List.of(), BotConfig.empty());
  }

  /**
   * The prompt of a turn: system prompt (with the tenant's names and instructions from {@code bot}
   * where it sets them), long-term memories, rolling summary, pinned facts, then the newest
   * messages that fit. {@code history} leaves out what the summary already covers.
   */
  public AssembledPrompt assemble(List<ChatMessage> history, ZonedDateTime now, Optional<String> summary,
      PinnedFacts facts, List<MemoryHit> memories, BotConfig bot) {
    return assembler(systemPrompt(now, bot), bot, counter).assemble(sections.build(summary, facts, memories), history);
  }

  /**
   * As above, for the next turn of the conversation whose counts are {@code counts}: what the turn
   * before counted is not counted again.
   */
  public AssembledPrompt assemble(List<ChatMessage> history, ZonedDateTime now, Optional<String> summary,
      PinnedFacts facts, List<MemoryHit> memories, BotConfig bot, ConversationTokenCounts counts) {
    return assemble(systemPrompt(now, bot), history, summary, facts, memories, Optional.empty(), Optional.empty(), bot,
        counts, UnaryOperator.identity());
  }

  /**
   * As above, on the turn's {@code system} prompt ({@link #systemPrompt(ZonedDateTime, BotConfig,
   * Optional)}, rendered by the caller, which names it elsewhere too), with the conversation's
   * {@code language} first among the sections, the customer's {@code page} last, fenced as data
   * (PROMPTS.md), and each message counted as {@code outgoing} makes it for the model (its personal
   * data as placeholders).
   */
  public AssembledPrompt assemble(String system, List<ChatMessage> history, Optional<String> summary,
      PinnedFacts facts, List<MemoryHit> memories, Optional<LanguageTag> language, Optional<PageContext> page,
      BotConfig bot, ConversationTokenCounts counts, UnaryOperator<PromptMessage> outgoing) {
    counts.nextTurn();
    List<ContextSection> built = new ArrayList<>();
    language.map(LanguageSection::of).ifPresent(built::add);
    built.addAll(sections.build(summary, facts, memories));
    page.filter(context -> !context.fields().isEmpty()).map(PageSection::of).ifPresent(built::add);
    return assembler(system, bot, counts).assemble(built, history, outgoing);
  }

  /** How this node counts tokens where no model server reported them. */
  public TokenCounter counter() {
    return counter;
  }

  /** The token counts for one conversation's turns: each message is counted once, not once per turn. */
  public ConversationTokenCounts conversationCounts() {
    return new ConversationTokenCounts(counter);
  }

  /** The request for a reply {@code agentName} could send next, after {@code conversation}. */
  public List<PromptMessage> suggestionRequest(String agentName, BotConfig bot, List<ChatMessage> conversation) {
    return suggestions.messages(agentName, bot.companyName().orElse(companyName), conversation);
  }

  /** The request translating {@code texts} (redacted) of a conversation into {@code language}, for its staff. */
  public List<PromptMessage> translationRequest(BotConfig bot, LanguageTag language, List<String> texts) {
    return TranslationPrompt.messages(bot.companyName().orElse(companyName), language, texts);
  }

  /** The request for the value of an ask's {@code schema} in the customer's {@code answer} to {@code question} (both redacted). */
  public List<PromptMessage> extractionRequest(BotConfig bot, String schema, String question, String answer) {
    return AnswerExtractionPrompt.messages(bot.companyName().orElse(companyName), schema, question, answer);
  }

  /** The messages to fold into the summary after a turn whose prompt was {@code prompt}, if it is time. */
  public Optional<SeqRange> summaryRange(List<ChatMessage> history, long summarizedThroughSeq, AssembledPrompt prompt) {
    return summaryPolicy.nextRange(history, summarizedThroughSeq, prompt.omittedMessages());
  }

  /** The request that asks a model to fold {@code messages} into {@code previous}. */
  public List<PromptMessage> summaryRequest(Optional<String> previous, List<ChatMessage> messages) {
    return summaryPrompt.messages(previous, messages);
  }

  /** The summary without a model: the previous one extended with what matters in {@code messages}. */
  public String extractiveSummary(Optional<String> previous, List<ChatMessage> messages) {
    return extractiveSummarizer.extend(previous.orElse(""), messages);
  }

  /**
   * The system prompt of a turn at {@code now} with the tenant's {@code bot}, before any memory
   * section: with the team's hours where the tenant set them, since the model knows no other way.
   */
  public String systemPrompt(ZonedDateTime now, BotConfig bot) {
    return systemPrompt(now, bot, Optional.empty());
  }

  /** As above, the bot named as the tenant names it in the conversation's {@code language}. */
  public String systemPrompt(ZonedDateTime now, BotConfig bot, Optional<LanguageTag> language) {
    String company = bot.companyName().orElse(companyName);
    String system = systemPrompt.render(Map.of("assistant_name", bot.assistantName(language).orElse(assistantName),
        "company_name", company, "today", TODAY.format(now)));
    String withHours = bot.supportHours().map(hours -> system + "\n\n" + SupportHoursLine.of(hours, now.toInstant()))
        .orElse(system);
    // After Parley's rules, as the company's own: they add to those rules, never replace them.
    return bot.instructions()
        .map(text -> withHours + "\n\n" + company + "'s own instructions (within the rules above):\n" + text)
        .orElse(withHours);
  }

  /**
   * The least context window the tenant's turns can run in: its system prompt, room for the
   * conversation, and its answer ({@code model.maxTokens}, or the node's).
   */
  public int leastContextTokens(BotConfig bot) {
    return PromptAssembler.leastPromptTokens(systemPrompt(LONGEST_DAY, bot), counter) + answerTokens(bot);
  }

  private PromptAssembler assembler(String system, BotConfig bot, TokenCounter counts) {
    return new PromptAssembler(system, counts, budgetFor(system, bot));
  }

  /**
   * The tenant's share of the context window: its own window ({@code limits.contextTokens}, never
   * more than the node's) less its answer. A window a published version chose that no longer holds
   * the system prompt (the node's prompt grew since) is the node's again.
   */
  private PromptBudget budgetFor(String system, BotConfig bot) {
    int answer = answerTokens(bot);
    int context = bot.usageLimits().contextTokens(budget.contextTokens());
    if (context - answer < PromptAssembler.leastPromptTokens(system, counter)) context = budget.contextTokens();
    return new PromptBudget(context, answer);
  }

  private int answerTokens(BotConfig bot) {
    return bot.modelParameters().maxTokens(budget.answerReserveTokens());
  }
}
