package io.parley.sessions.turn;

import io.parley.core.guard.InjectionDetector;
import io.parley.core.language.LanguageChoice;
import io.parley.core.language.LanguagePack;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ToolCall;
import io.parley.core.prompt.AssembledPrompt;
import io.parley.core.prompt.DataFence;
import io.parley.sessions.SessionMetrics;
import io.parley.tools.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model conversation of one turn: the assembled prompt, then each tool round's calls and
 * results, every message as the model may see it (personal data behind placeholders). A tool's
 * result goes in fenced as data, checked for text addressed to the model first.
 */
final class ModelConversation {
  private static final Logger LOG = LoggerFactory.getLogger(ModelConversation.class);
  private final TurnRequest request;
  private final ToolRegistry tools;
  private final SessionMetrics metrics;
  private final List<PromptMessage> messages = new ArrayList<>();
  private int toolRounds;

  ModelConversation(TurnRequest request, ToolRegistry tools, SessionMetrics metrics) {
    this.request = request;
    this.tools = tools;
    this.metrics = metrics;
  }

  /** The prompt's messages are already as the model may see them: assembled with their placeholders. */
  void startWith(AssembledPrompt prompt) {
    messages.addAll(prompt.messages());
  }

  /** The rounds a crash interrupted, replayed as the model asked for them, up to the first without all its results. */
  void replay(List<ToolRound> rounds) {
    for (ToolRound round : rounds) {
      replayCalls(round);
      if (!round.complete()) return;
      round.calls().forEach(call -> addToolResult(call.id(), call.name(), round.resultOf(call.id()).orElseThrow().content()));
    }
  }

  private void replayCalls(ToolRound round) {
    toolRounds++;
    messages.add(request.placeholders().redact(PromptMessage.assistantToolCalls(round.calls().stream()
        .map(c -> new ToolCall(c.id(), c.name(), c.argumentsJson())).toList())));
  }

  /** The model asked for tools: its calls, as it wrote them (placeholders and all), keys it pressed as a placeholder. */
  void addCalls(LlmAnswer answer) {
    toolRounds++;
    messages.add(PromptMessage.assistantToolCalls(answer.text(), answer.toolCalls().stream()
        .map(c -> new ToolCall(c.id(), c.name(), PressKeysTool.shownArguments(c.name(), c.argumentsJson()))).toList()));
  }

  /**
   * A tool's result (a knowledge-base search's passages, an order's status, a remote tool's answer)
   * goes to the model fenced as data. One that reads like instructions to the model is counted and
   * logged; a tenant that refuses them has it left out, and the model told why.
   */
  void addToolResult(String callId, String tool, String content) {
    // A name the model made up is not repeated: it is the model's text, not ours.
    String source = tools.find(tool).isPresent() ? tool : "unknown";
    // The conversation's language's phrasings too: a tool's result (a knowledge-base article) is often in it.
    Optional<InjectionDetector.Flag> flag = InjectionDetector.inspect(content,
        LanguagePack.of(request.language(), LanguageChoice.tenantLanguage(Optional.of(request.bot()))));
    String data = content;
    if (flag.isPresent()) {
      boolean refuse = request.bot().refusesInjections();
      metrics.injectionFlagged(request.sessionId().tenant(), "tool_result", refuse);
      LOG.info("tenant {} session {}: result of tool {} reads like instructions to the model (rule {}){}",
          request.sessionId().tenant(), request.sessionId().wireId(), source, flag.get().rule(),
          refuse ? "; left out of the prompt" : "");
      if (refuse) data = "(this result was left out: it contained text addressed to the assistant)";
    }
    messages.add(request.placeholders().redact(PromptMessage.toolResult(callId, DataFence.fence(source, data))));
  }

  List<PromptMessage> messages() {
    return messages;
  }

  int toolRounds() {
    return toolRounds;
  }
}
