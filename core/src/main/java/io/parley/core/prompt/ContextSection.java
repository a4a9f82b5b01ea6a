package io.parley.core.prompt;

import io.parley.core.llm.PromptMessage;

/**
 * A system message placed between the system prompt and the history (long-term memory, the
 * rolling summary, pinned facts). Where it goes and whether it gets room are separate questions:
 * sections are placed in the order given, but room is handed out by {@code priority}, highest
 * first, so the section placed last, nearest the conversation, can still be the last one left
 * out.
 */
public record ContextSection(PromptMessage message, int priority) {
  public ContextSection {
    if (!"system".equals(message.role())) {
      throw new IllegalArgumentException("a context section is a system message, not " + message.role());
    }
  }

  public static ContextSection system(String text, int priority) {
    return new ContextSection(PromptMessage.system(text), priority);
  }
}
