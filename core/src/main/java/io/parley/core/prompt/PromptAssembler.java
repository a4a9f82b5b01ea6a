package io.parley.core.prompt;

import io.parley.core.llm.PromptMessage;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Builds the messages of one turn's request within the budget, in this order: the system
 * prompt, the context sections (long-term memory, rolling summary, pinned facts: see
 * {@code MemorySections}), then the newest stretch of the conversation that fits, oldest first.
 *
 * <p>The history kept is always a contiguous run ending with the message being answered: a
 * conversation with a hole in it reads to the model as if the customer never said the missing
 * part. What falls off the front is reported, so a summary can stand in for it.
 *
 * <p>The message being answered is never dropped: without it the model would answer the
 * previous message again. If even it does not fit, its middle is cut and replaced by a marker
 * that tells the model so: a message that long is nearly always a paste (a log, an e-mail
 * thread) framed by the customer's own words, with how they introduced it at the start and the
 * question at the end.
 *
 * <p>Every message is counted as it will be sent: a turn's messages go to the model with their
 * personal data replaced by placeholders, and a placeholder can be longer than what it stands for
 * ({@code [ORDER_1]} for {@code A-77812}), so counting the text before that could overrun the window.
 */
public final class PromptAssembler {
  /**
   * The least the system prompt must leave free. Half of what it leaves is kept for the message
   * being answered before context sections are added, so a section never squeezes out a
   * message of ordinary length and a long paste is cut rather than crowded out.
   */
  private static final int MIN_FREE_TOKENS = 512;

  private final PromptMessage systemPrompt;
  private final TokenCounter counter;
  private final PromptBudget budget;

  public PromptAssembler(String systemPrompt, TokenCounter counter, PromptBudget budget) {
    this.systemPrompt = PromptMessage.system(systemPrompt);
    this.counter = counter;
    this.budget = budget;
    int fixedTokens = counter.requestOverhead() + counter.count(this.systemPrompt);
    if (fixedTokens + MIN_FREE_TOKENS > budget.promptTokens()) {
      throw new IllegalArgumentException(
          "The system prompt takes " + fixedTokens + " of the " + budget.promptTokens()
              + " prompt tokens the budget allows; at least " + MIN_FREE_TOKENS
              + " must stay free for the conversation. Shorten the prompt or raise the context"
              + " size.");
    }
  }

  /** The fewest prompt tokens a budget must allow for {@code systemPrompt}: it, and room for the conversation. */
  public static int leastPromptTokens(String systemPrompt, TokenCounter counter) {
    return counter.requestOverhead() + counter.count(PromptMessage.system(systemPrompt)) + MIN_FREE_TOKENS;
  }

  /** The prompt for answering the last message of {@code history}, with no context sections. */
  public AssembledPrompt assemble(List<ChatMessage> history) {
    return assemble(List.of(), history);
  }

  /**
   * The prompt for answering the last message of {@code history}.
   *
   * @param sections system messages placed, in this order, between the system prompt and the
   *     history; counted before history, highest priority first (equal priorities in list
   *     order); each is kept whole, or left out if it would leave the message being answered
   *     less than its full length or half the room, whichever is smaller
   * @param history the conversation in {@code seq} order, ending with the user message being
   *     answered; tool messages are not sent yet
   */
  public AssembledPrompt assemble(List<ContextSection> sections, List<ChatMessage> history) {
    return assemble(sections, history, UnaryOperator.identity());
  }

  /**
   * As above, each message as {@code outgoing} turns it into what is sent (its personal data as
   * placeholders), and counted so.
   */
  public AssembledPrompt assemble(List<ContextSection> sections, List<ChatMessage> history,
      UnaryOperator<PromptMessage> outgoing) {
    if (history.isEmpty() || history.get(history.size() - 1).role() != Role.USER) {
      throw new IllegalArgumentException("history must end with the user message being answered");
    }
    int limit = budget.promptTokens();
    PromptMessage system = outgoing.apply(systemPrompt);
    int used = counter.requestOverhead() + counter.count(system);

    String latestText = outgoing.apply(PromptMessage.user(history.get(history.size() - 1).text())).content();
    int latestCost = counter.count(PromptMessage.user(latestText));
    int latestReserve = Math.min(latestCost, (limit - used) / 2);
    List<Integer> byPriority = new ArrayList<>();
    for (int i = 0; i < sections.size(); i++) byPriority.add(i);
    // A stable sort: equal priorities keep their list order.
    byPriority.sort(Comparator.comparingInt((Integer i) -> sections.get(i).priority()).reversed());
    boolean[] kept = new boolean[sections.size()];
    List<PromptMessage> sent = sections.stream().map(section -> outgoing.apply(section.message())).toList();
    for (int i : byPriority) {
      int cost = counter.count(sent.get(i));
      if (used + cost + latestReserve <= limit) {
        kept[i] = true;
        used += cost;
      }
    }
    List<PromptMessage> keptSections = new ArrayList<>();
    for (int i = 0; i < sections.size(); i++) {
      if (kept[i]) keptSections.add(sent.get(i));
    }
    int omittedSections = sections.size() - keptSections.size();

    PromptMessage latest =
        used + latestCost <= limit
            ? PromptMessage.user(latestText)
            : PromptMessage.user(cutMiddle(latestText, limit - used));
    used += counter.count(latest);

    Deque<PromptMessage> older = new ArrayDeque<>();
    int oldestIncluded = history.size() - 1;
    for (int i = history.size() - 2; i >= 0; i--) {
      Optional<PromptMessage> message = toPromptMessage(history.get(i)).map(outgoing);
      if (message.isEmpty()) continue;
      int cost = counter.count(message.get());
      if (used + cost > limit) break;
      older.addFirst(message.get());
      used += cost;
      oldestIncluded = i;
    }

    List<PromptMessage> messages = new ArrayList<>();
    messages.add(system);
    messages.addAll(keptSections);
    messages.addAll(older);
    messages.add(latest);
    return new AssembledPrompt(messages, used, older.size() + 1, oldestIncluded, omittedSections);
  }

  private static Optional<PromptMessage> toPromptMessage(ChatMessage message) {
    return switch (message.role()) {
      case USER -> Optional.of(PromptMessage.user(message.text()));
      case ASSISTANT -> Optional.of(PromptMessage.assistant(message.text()));
      // The model answers after the agent hands back: it must know a person said this, and who.
      case AGENT -> Optional.of(PromptMessage.assistant(
          "(" + message.author().orElse("An agent") + " of the support team wrote:) " + message.text()));
      case SYSTEM -> Optional.of(PromptMessage.system(message.text()));
      case TOOL -> Optional.empty();
    };
  }

  /** The longest head and tail of {@code text}, around a marker, whose message fits the room. */
  private String cutMiddle(String text, int roomTokens) {
    int total = text.codePointCount(0, text.length());
    // Binary search on the number of code points kept; a cut keeping `low` always fits.
    int low = 0;
    int high = total - 1;
    if (!fits(cut(text, low, total), roomTokens)) {
      throw new IllegalStateException("no room for the cut marker in " + roomTokens + " tokens");
    }
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (fits(cut(text, middle, total), roomTokens)) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return cut(text, low, total);
  }

  private boolean fits(String content, int roomTokens) {
    return counter.count(PromptMessage.user(content)) <= roomTokens;
  }

  /** Keeps {@code kept} code points of {@code text}, half from each end. */
  private static String cut(String text, int kept, int total) {
    int head = kept / 2;
    int tail = kept - head;
    int headEnd = text.offsetByCodePoints(0, head);
    int tailStart = text.offsetByCodePoints(text.length(), -tail);
    return text.substring(0, headEnd)
        + "\n\n[… " + (total - kept) + " characters cut from the middle of this message …]\n\n"
        + text.substring(tailStart);
  }
}
