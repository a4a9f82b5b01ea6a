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
 * changed (an answer cut to what the customer heard) is counted again. What the current turn and the
 * one before it counted is kept, the rest is dropped at {@link #nextTurn()}: the counts held follow
 * the window, not the whole conversation, and the candidates of a long message cut to fit go with
 * their turn. Safe to share between threads (a stopped turn may still be assembling as the next starts).
 */
public final class ConversationTokenCounts implements TokenCounter {
  private final TokenCounter counter;
  private Map<Object, Integer> thisTurn = new HashMap<>();
  private Map<Object, Integer> turnBefore = new HashMap<>();

  public ConversationTokenCounts(TokenCounter counter) {
    this.counter = counter;
  }

  /** A new turn begins: what the turn before last counted, and this turn did not, is forgotten. */
  public synchronized void nextTurn() {
    turnBefore = thisTurn;
    thisTurn = new HashMap<>();
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
    Integer known = thisTurn.get(counted);
    if (known != null) return known;
    known = turnBefore.get(counted);
    int tokens = known != null ? known : count.getAsInt();
    thisTurn.put(counted, tokens);
    return tokens;
  }
}
