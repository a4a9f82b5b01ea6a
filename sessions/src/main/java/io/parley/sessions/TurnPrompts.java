package io.parley.sessions;

import io.parley.core.config.InvalidSettingException;
import io.parley.core.prompt.AssembledPrompt;
import io.parley.core.prompt.PromptAssembler;
import io.parley.core.prompt.PromptBudget;
import io.parley.core.prompt.SystemPrompt;
import io.parley.core.prompt.TokenCounter;
import io.parley.core.prompt.TokenEstimator;
import io.parley.core.session.ChatMessage;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The node's support prompt: the system prompt (PROMPTS.md) filled in for each turn, because it
 * names today's date and a node runs for days, then the history that fits the token budget.
 */
public final class TurnPrompts {
  static final String SYSTEM_PROMPT = "/prompts/support-agent.txt";
  // Written out ("Saturday, 21 November 2026"): the weekday helps the model with "by Friday?".
  private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);

  private final SystemPrompt systemPrompt;
  private final String assistantName;
  private final String companyName;
  private final TokenCounter counter;
  private final PromptBudget budget;

  public TurnPrompts(SystemPrompt systemPrompt, String assistantName, String companyName, TokenCounter counter,
      PromptBudget budget) {
    this.systemPrompt = systemPrompt;
    this.assistantName = assistantName;
    this.companyName = companyName;
    this.counter = counter;
    this.budget = budget;
    // Fails now, at start-up, if the budget cannot hold the system prompt.
    assemblerFor(LocalDate.now());
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

  public AssembledPrompt assemble(List<ChatMessage> history, LocalDate today) {
    return assemblerFor(today).assemble(history);
  }

  private PromptAssembler assemblerFor(LocalDate today) {
    String system = systemPrompt.render(
        Map.of("assistant_name", assistantName, "company_name", companyName, "today", TODAY.format(today)));
    return new PromptAssembler(system, counter, budget);
  }
}
