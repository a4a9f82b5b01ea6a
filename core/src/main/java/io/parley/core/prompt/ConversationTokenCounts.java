package io.parley.core.prompt;

import io.parley.core.llm.PromptMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The token counts of one conversation's messages, each counted once. Every turn assembles its
 * prompt from the whole history that fits the window again, and all of it but the newest question
 * and answer was counted the turn before: counting it anew made a turn's cost grow with the
 * conversation (a fifth of a node's CPU, thousands of messages in).
 *
 * <p>Counts are remembered by what is counted (a text, or a prompt message), so a message whose text
 * changed (an answer cut to what the customer heard) is counted again. At most {@code capacity}
 * counts are kept in each of two generations: when the newer one is full the older is dropped, so
 * what the recent prompts used stays and a conversation longer than the capacity costs a recount of
 * its oldest messages now and then, never every turn. Safe to share between threads.
 */
public final class ConversationTokenCounts implements TokenCounter {
  private final TokenCounter counter;
  private final int capacity;
  private Map<Object, Integer> recent = new HashMap<>();
  private Map<Object, Integer> older = new HashMap<>();

  public ConversationTokenCounts(TokenCounter counter, int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    this.counter = counter;
    this.capacity = capacity;
  }

  @Override
  public int count(String text) {
    return remembered(text, () -> counter.count(text));
  }

  @Override
  public int count(PromptMessage message) {
    return remembered(message, () -> counter.count(message));
  }

  @Override
  public int requestOverhead() {
    return counter.requestOverhead();
  }

  private synchronized int remembered(Object counted, IntSupplier count) {
    Integer known = recent.get(counted);
    if (known != null) return known;
    known = older.get(counted);
    int tokens = known != null ? known : count.getAsInt();
    if (recent.size() >= capacity) {
      older = recent;
      recent = new HashMap<>();
    }
    recent.put(counted, tokens);
    return tokens;
  }
}
