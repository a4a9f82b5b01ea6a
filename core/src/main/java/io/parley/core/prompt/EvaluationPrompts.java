package io.parley.core.prompt;

import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ResponseSchema;
import io.parley.core.evaluation.ReplayedTurn;
import io.parley.core.memory.TranscriptText;
import io.parley.core.session.ChatMessage;
import java.util.List;
import java.util.Map;

/**
 * The requests of an evaluation's model (PROMPTS.md, section 8): the judge of a case's plain-words
 * criterion, and the simulated customer. Each asks for a JSON answer following its schema; the
 * conversation goes in as a transcript, in one user message, fenced as data.
 */
public final class EvaluationPrompts {
  public static final String JUDGE_RESOURCE = "/prompts/evaluation-judge.txt";
  public static final String CUSTOMER_RESOURCE = "/prompts/evaluation-customer.txt";
  public static final String REPLAY_RESOURCE = "/prompts/evaluation-replay.txt";
  public static final ResponseSchema JUDGE_SCHEMA = new ResponseSchema("evaluation_verdict", """
      {"type": "object", "properties": {"verdict": {"type": "string", "enum": ["pass", "fail"]},
      "reason": {"type": "string"}}, "required": ["verdict", "reason"], "additionalProperties": false}""");
  public static final ResponseSchema CUSTOMER_SCHEMA = new ResponseSchema("customer_message", """
      {"type": "object", "properties": {"message": {"type": "string"}, "done": {"type": "boolean"}},
      "required": ["message", "done"], "additionalProperties": false}""");
  public static final ResponseSchema REPLAY_SCHEMA = new ResponseSchema("replay_comparison", """
      {"type": "object", "properties": {"verdict": {"type": "string", "enum": ["better", "as good", "worse"]},
      "reason": {"type": "string"}}, "required": ["verdict", "reason"], "additionalProperties": false}""");

  private final SystemPrompt judge = SystemPrompt.fromResource(JUDGE_RESOURCE);
  private final SystemPrompt customer = SystemPrompt.fromResource(CUSTOMER_RESOURCE);
  private final SystemPrompt replay = SystemPrompt.fromResource(REPLAY_RESOURCE);

  private EvaluationPrompts() {}

  public static EvaluationPrompts create() {
    return new EvaluationPrompts();
  }

  public List<PromptMessage> judge(String companyName, String criterion, List<ChatMessage> conversation) {
    return List.of(PromptMessage.system(judge.render(Map.of("company_name", companyName, "criterion", criterion))),
        PromptMessage.user("The conversation:" + TranscriptText.of(conversation)));
  }

  public List<PromptMessage> customer(String companyName, String persona, String goal, List<ChatMessage> conversation) {
    String instructions = customer.render(Map.of("company_name", companyName, "persona", persona, "goal", goal));
    return List.of(PromptMessage.system(instructions), PromptMessage.user(conversation.isEmpty()
        ? "The conversation has not started: write the customer's first message."
        : "The conversation so far:" + TranscriptText.of(conversation)));
  }

  /**
   * The judge of a replayed conversation: each customer message with its live answer and the new
   * one, numbered, each further line of a text indented as a transcript's are.
   */
  public List<PromptMessage> replay(String companyName, List<ReplayedTurn> turns) {
    StringBuilder text = new StringBuilder("The customer's messages, each with the live answer and the new one:");
    for (int i = 0; i < turns.size(); i++) {
      ReplayedTurn turn = turns.get(i);
      text.append("\n\nMessage ").append(i + 1)
          .append("\nCustomer: ").append(indented(turn.customer()))
          .append("\nLive answer: ").append(indented(turn.live().isBlank() ? "(no answer)" : turn.live()))
          .append("\nNew answer: ").append(indented(turn.replayed().isBlank() ? "(no answer)" : turn.replayed()));
    }
    return List.of(PromptMessage.system(replay.render(Map.of("company_name", companyName))), PromptMessage.user(text.toString()));
  }

  private static String indented(String text) {
    return text.strip().replaceAll("\\R", "\n  ");
  }
}
