package io.parley.core.prompt;

import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ResponseSchema;
import io.parley.core.memory.TranscriptText;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.util.List;
import java.util.Map;

/**
 * The judge's request that scores a closed conversation (PROMPTS.md, section 8): its instructions as
 * the system message, the conversation as a transcript in one user message, the tools' results in
 * it as notes (the judge tells a grounded answer from an invented one by them), asking for a JSON
 * answer following {@link #SCHEMA}.
 */
public final class QualityPrompts {
  public static final String RESOURCE = "/prompts/quality-score.txt";
  /** The tones the judge may name. */
  public static final List<String> TONES = List.of("friendly", "neutral", "unfriendly");
  public static final ResponseSchema SCHEMA = new ResponseSchema("conversation_score", """
      {"type": "object", "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5},
      "resolved": {"type": "boolean"}, "grounded": {"type": "boolean"},
      "tone": {"type": "string", "enum": ["friendly", "neutral", "unfriendly"]}, "reason": {"type": "string"}},
      "required": ["score", "resolved", "grounded", "tone", "reason"], "additionalProperties": false}""");

  private final SystemPrompt instructions;

  private QualityPrompts(SystemPrompt instructions) {
    this.instructions = instructions;
  }

  public static QualityPrompts create() {
    return new QualityPrompts(SystemPrompt.fromResource(RESOURCE));
  }

  /** The request scoring {@code conversation} (redacted by the caller), tool messages included. */
  public List<PromptMessage> score(String companyName, List<ChatMessage> conversation) {
    List<ChatMessage> withToolResults = conversation.stream()
        .map(message -> message.role() == Role.TOOL
            ? new ChatMessage(message.seq(), Role.SYSTEM, "tool result: " + message.text(), "tool", message.at())
            : message)
        .toList();
    return List.of(PromptMessage.system(instructions.render(Map.of("company_name", companyName))),
        PromptMessage.user("The conversation:" + TranscriptText.of(withToolResults)));
  }
}
