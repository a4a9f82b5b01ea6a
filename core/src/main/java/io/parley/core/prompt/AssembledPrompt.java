package io.parley.core.prompt;

import io.parley.core.llm.PromptMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A prompt ready to send, with what it left out.
 *
 * @param messages system prompt, the context sections that fit, then the history that fit
 * @param tokenCount the counter's total for {@code messages}, request overhead included
 * @param includedMessages history messages sent to the model
 * @param omittedMessages length of the history prefix that was left out for lack of room:
 *     {@code history.subList(0, omittedMessages)} is what a summary would have to cover
 * @param omittedSections context sections left out for lack of room
 */
public record AssembledPrompt(
    List<PromptMessage> messages,
    int tokenCount,
    int includedMessages,
    int omittedMessages,
    int omittedSections) {
  public AssembledPrompt {
    messages = List.copyOf(messages);
  }

  /** The prompt with its last message, the one answered, changed by {@code change}, costing {@code addedTokens} more. */
  public AssembledPrompt withLatest(UnaryOperator<PromptMessage> change, int addedTokens) {
    List<PromptMessage> changed = new ArrayList<>(messages);
    changed.set(changed.size() - 1, change.apply(changed.get(changed.size() - 1)));
    return new AssembledPrompt(changed, tokenCount + addedTokens, includedMessages, omittedMessages, omittedSections);
  }
}
