package io.parley.core.prompt;

import io.parley.core.llm.PromptMessage;
import io.parley.core.memory.TranscriptText;
import io.parley.core.session.ChatMessage;
import java.util.List;
import java.util.Map;

/**
 * The request that asks a model for a reply an agent could send (PROMPTS.md): the instructions of
 * {@code prompts/suggest-reply.txt}, then the conversation as a transcript in one user message. The
 * suggestion goes to the agent only; the customer sees what the agent decides to send.
 */
public final class ReplySuggestionPrompt {
  public static final String RESOURCE = "/prompts/suggest-reply.txt";

  private final SystemPrompt template;

  public ReplySuggestionPrompt(SystemPrompt template) {
    this.template = template;
  }

  public static ReplySuggestionPrompt create() {
    return new ReplySuggestionPrompt(SystemPrompt.fromResource(RESOURCE));
  }

  public List<PromptMessage> messages(String agentName, String companyName, List<ChatMessage> conversation) {
    String instructions = template.render(Map.of("agent_name", agentName, "company_name", companyName));
    return List.of(PromptMessage.system(instructions),
        PromptMessage.user("The conversation so far:" + TranscriptText.of(conversation)));
  }
}
