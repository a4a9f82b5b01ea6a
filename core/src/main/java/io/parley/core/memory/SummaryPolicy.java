package io.parley.core.memory;

import io.parley.core.prompt.TokenCounter;
import io.parley.core.session.ChatMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides when the rolling summary should take in more of the conversation, and which
 * messages. Only messages that already fell out of the prompt's window are folded in: what the
 * model still reads verbatim needs no summary. Folding waits until enough has piled up (at least
 * {@code minMessages} messages or {@code minTokens} tokens), because each update is a model call
 * and rewrites the summary, and one message is rarely worth it.
 *
 * <p>Ranges follow each other: each starts right after the seq the summary already covers, so
 * they never overlap and leave no hole. Each ends at a turn boundary, where no turn has messages
 * on both sides, so a question is never summarised without its answer (with queued messages,
 * seq order can be q1, q2, a1, a2: the only boundary is then after a2). A range stops at the
 * last boundary within {@code maxTokens}, to keep the summarising call small, unless the first
 * boundary lies beyond it; the rest is the next range.
 */
public record SummaryPolicy(TokenCounter counter, int minMessages, int minTokens, int maxTokens) {
  public static final int DEFAULT_MIN_MESSAGES = 8;
  public static final int DEFAULT_MIN_TOKENS = 1_000;
  public static final int DEFAULT_MAX_TOKENS = 3_000;

  public SummaryPolicy {
    if (minMessages < 1 || minTokens < 1 || maxTokens < minTokens) {
      throw new IllegalArgumentException("need 1 <= minMessages, 1 <= minTokens <= maxTokens; got "
          + minMessages + ", " + minTokens + ", " + maxTokens);
    }
  }

  public static SummaryPolicy defaults(TokenCounter counter) {
    return new SummaryPolicy(counter, DEFAULT_MIN_MESSAGES, DEFAULT_MIN_TOKENS, DEFAULT_MAX_TOKENS);
  }

  /**
   * The next messages to fold into the summary, if it is time.
   *
   * @param history the conversation as it was given to the prompt assembler (it may leave out
   *     messages the summary already covers)
   * @param summarizedThroughSeq the last seq the summary covers; 0 when there is no summary
   * @param omittedMessages {@link io.parley.core.prompt.AssembledPrompt#omittedMessages()} of the
   *     prompt built from {@code history}: its first that many messages were left out
   */
  public Optional<SeqRange> nextRange(List<ChatMessage> history, long summarizedThroughSeq, int omittedMessages) {
    // Nothing fell out of the window: the usual turn, decided without a pass over the whole history.
    if (omittedMessages == 0) return Optional.empty();
    Set<Long> outside = new HashSet<>();
    for (ChatMessage m : history.subList(0, omittedMessages)) outside.add(m.seq());
    Map<String, Long> turnEnds = new HashMap<>();
    for (ChatMessage m : history) turnEnds.merge(turnKey(m), m.seq(), Math::max);

    List<ChatMessage> bySeq = new ArrayList<>(history);
    bySeq.sort(Comparator.comparingLong(ChatMessage::seq));
    long openTurnEnd = 0;
    int messages = 0;
    int tokens = 0;
    long cut = -1;
    int cutMessages = 0;
    int cutTokens = 0;
    for (ChatMessage m : bySeq) {
      if (m.seq() <= summarizedThroughSeq) continue;
      if (!outside.contains(m.seq())) break;
      messages++;
      tokens += counter.count(m.text());
      if (tokens > maxTokens && cut > 0) break;
      openTurnEnd = Math.max(openTurnEnd, turnEnds.get(turnKey(m)));
      if (openTurnEnd <= m.seq()) {
        cut = m.seq();
        cutMessages = messages;
        cutTokens = tokens;
      }
    }
    if (cut < 0 || (cutMessages < minMessages && cutTokens < minTokens)) return Optional.empty();
    return Optional.of(new SeqRange(summarizedThroughSeq + 1, cut));
  }

  /** Messages without a turn (system notes) are turns of their own. */
  private static String turnKey(ChatMessage m) {
    return m.turnId() == null ? "#" + m.seq() : m.turnId();
  }
}
