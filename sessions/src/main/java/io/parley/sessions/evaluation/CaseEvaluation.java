package io.parley.sessions.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.compute.CpuWork;
import io.parley.core.evaluation.EvaluationCase;
import io.parley.core.evaluation.Expectation;
import io.parley.core.evaluation.ExpectationCheck;
import io.parley.core.evaluation.ExpectationResult;
import io.parley.core.evaluation.Observation;
import io.parley.core.evaluation.Verdict;
import io.parley.core.privacy.Placeholders;
import io.parley.core.prompt.EvaluationPrompts;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.SessionView;
import io.parley.sessions.procedure.ProcedureNote;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one case: plays its conversation ({@link CaseConversation}), then checks each expectation,
 * by code or, for a criterion, by the judge. The judge and the simulated customer read the
 * conversation as the bot's model did: redacted as the configuration under test redacts. The
 * redaction and the checks by code (the tenant's patterns) run on {@code cpu}, never on the run's
 * virtual threads.
 */
record CaseEvaluation(CaseConversation conversations, StructuredModel model, EvaluationPrompts prompts,
    boolean redactPrompts, CpuWork cpu, ObjectMapper json, Clock clock) {
  private static final String SOME_COMPANY = "the company";

  CaseResult run(String tenant, ConfigUnderTest config, String caseId, EvaluationCase testCase) {
    Instant started = clock.instant();
    CaseConversation.Played played;
    try {
      played = conversations.play(tenant, config, testCase, (script, conversation, pinned) -> model.ask(
          prompts.customer(companyOf(pinned), script.persona(), script.goal(), redacted(tenant, conversation, pinned)),
          EvaluationPrompts.CUSTOMER_SCHEMA, providers(pinned), CustomerTurn::read));
    } catch (CaseConversation.Failed failed) {
      return new CaseResult(caseId, testCase.name(), Verdict.ERROR, Optional.of(failed.getMessage()), List.of(),
          Optional.empty(), List.of(), List.of(), false, 0, failed.customerTokens, millisSince(started));
    }
    SessionView view = played.view();
    Optional<PinnedBotConfig> pinned = view.info().botConfig();
    List<ChatMessage> seenByModel = asTheModelSawIt(tenant, view, testCase);
    List<CaseResult.ToolCall> tools = played.toolCalls().stream()
        .map(call -> new CaseResult.ToolCall(call.name(), arguments(call.arguments().orElse("{}")))).toList();
    long tokens = view.notes().usage().promptTokens() + view.notes().usage().completionTokens();
    Observation observation = new Observation(
        view.messages().stream().filter(m -> m.role() == Role.ASSISTANT && m.source().orElse(null) != AnswerSource.GREETING)
            .map(m -> new Observation.Answer(m.text(), m.source().orElse(AnswerSource.LLM))).toList(),
        tools.stream().map(t -> new Observation.ToolUse(t.name(), t.arguments())).toList(),
        played.handoff(), tokens, seenByModel.stream().map(ChatMessage::text).toList(),
        view.notes().procedures().stream().map(ProcedureNote::observed).toList());
    List<ExpectationResult> results = new ArrayList<>();
    long evaluationTokens = played.customerTokens();
    for (Expectation expectation : testCase.expectations()) {
      if (expectation instanceof Expectation.Judge judge) {
        StructuredModel.Reply<Judged<Verdict>> reply = model.ask(
            prompts.judge(companyOf(pinned), judge.criterion(), seenByModel.stream().filter(CaseEvaluation::spoken).toList()),
            EvaluationPrompts.JUDGE_SCHEMA, providers(pinned), Judged::passOrFail);
        evaluationTokens += reply.tokens();
        results.add(switch (reply) {
          case StructuredModel.Reply.Answered<Judged<Verdict>> answered ->
              new ExpectationResult(judge.kind(), judge.criterion(), answered.value().verdict(), answered.value().reason());
          case StructuredModel.Reply.Broken<Judged<Verdict>> broken ->
              new ExpectationResult(judge.kind(), judge.criterion(), Verdict.ERROR, "the judge: " + broken.reason());
        });
      } else {
        results.add(cpu.run(tenant, () -> ExpectationCheck.check(expectation, testCase, observation)));
      }
    }
    return new CaseResult(caseId, testCase.name(), Verdict.of(results.stream().map(ExpectationResult::verdict).toList()),
        Optional.empty(), results, Optional.of(view.info().sessionId()),
        view.messages().stream().map(m -> new CaseResult.Line(m.role().name().toLowerCase(Locale.ROOT), m.text(),
            m.source().map(AnswerSource::wireName))).toList(),
        tools, played.handoff(), tokens, evaluationTokens, millisSince(started));
  }

  private static boolean spoken(ChatMessage message) {
    return message.role() != Role.TOOL;
  }

  /**
   * The conversation's messages, then the page's fields, as the session's model was given them:
   * each turn numbers the transcript's personal data with the placeholders of the configuration's
   * redaction ({@code TranscriptPlaceholders}), unless the node sends prompts unredacted.
   */
  private List<ChatMessage> asTheModelSawIt(String tenant, SessionView view, EvaluationCase testCase) {
    List<ChatMessage> messages = new ArrayList<>(view.messages());
    testCase.page().ifPresent(page -> page.fields().forEach((name, value) ->
        messages.add(new ChatMessage(0, Role.SYSTEM, name + ": " + value, "page", Instant.EPOCH))));
    return redacted(tenant, messages, view.info().botConfig());
  }

  /** {@code messages} numbered with the placeholders of {@code pinned}'s redaction, as a turn numbers its transcript. */
  List<ChatMessage> redacted(String tenant, List<ChatMessage> messages, Optional<PinnedBotConfig> pinned) {
    if (!redactPrompts) return messages;
    return cpu.run(tenant, () -> {
      Placeholders placeholders = Placeholders.numbering(List.of(),
          pinned.map(PinnedBotConfig::config).orElse(BotConfig.empty()).redaction());
      return messages.stream().map(m -> m.withText(placeholders.redact(m.text()))).toList();
    });
  }

  List<String> providers(Optional<PinnedBotConfig> pinned) {
    return model.providers(pinned.map(p -> p.config().modelParameters().providers()).orElse(List.of()));
  }

  static String companyOf(Optional<PinnedBotConfig> pinned) {
    return pinned.flatMap(p -> p.config().companyName()).orElse(SOME_COMPANY);
  }

  private JsonNode arguments(String argumentsJson) {
    try {
      JsonNode tree = json.readTree(argumentsJson);
      return tree == null ? json.createObjectNode() : tree;
    } catch (JsonProcessingException e) {
      return json.getNodeFactory().textNode(argumentsJson);
    }
  }

  long millisSince(Instant started) {
    return Duration.between(started, clock.instant()).toMillis();
  }
}
