package io.parley.sessions.evaluation;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.evaluation.CustomerScript;
import io.parley.core.evaluation.EvaluationCase;
import io.parley.core.evaluation.ReplayedTurn;
import io.parley.core.prompt.EvaluationPrompts;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.SessionView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replays one archived conversation (docs/evaluations.md#replay): its customer messages, redacted,
 * are played as a scripted case's on the configuration under test, each once the bot answered the
 * one before, and the judge compares the new answers with the live ones. Blocking.
 */
record ConversationReplay(CaseConversation conversations, CaseEvaluation evaluation, StructuredModel model,
    EvaluationPrompts prompts, Clock clock) {
  ReplayResult run(String tenant, ConfigUnderTest config, ArchivedConversations.Archived archived) {
    Instant started = clock.instant();
    List<String> messages = archived.exchanges().stream().map(ArchivedConversations.Exchange::customer).toList();
    EvaluationCase replay = new EvaluationCase("replay of " + archived.sessionId(), new CustomerScript.Scripted(messages),
        Optional.empty(), Optional.empty(), List.of(), List.of());
    CaseConversation.Played played;
    try {
      played = conversations.play(tenant, config, replay, (script, conversation, pinned) -> {
        throw new IllegalStateException("a replay's customer is scripted");
      });
    } catch (CaseConversation.Failed failed) {
      return new ReplayResult(archived.sessionId(), ReplayVerdict.ERROR, Optional.empty(), Optional.of(failed.getMessage()),
          turns(archived, List.of()), Optional.empty(), 0, 0, evaluation.millisSince(started));
    }
    SessionView view = played.view();
    Optional<PinnedBotConfig> pinned = view.info().botConfig();
    List<ReplayedTurn> turns = turns(archived, answers(evaluation.redacted(tenant, view.messages(), pinned)));
    long tokens = view.notes().usage().promptTokens() + view.notes().usage().completionTokens();
    StructuredModel.Reply<Judged<ReplayVerdict>> reply = model.ask(prompts.replay(CaseEvaluation.companyOf(pinned), turns),
        EvaluationPrompts.REPLAY_SCHEMA, evaluation.providers(pinned), Judged::comparison);
    Optional<String> sessionId = Optional.of(view.info().sessionId());
    long millis = evaluation.millisSince(started);
    return switch (reply) {
      case StructuredModel.Reply.Answered<Judged<ReplayVerdict>> answered -> new ReplayResult(archived.sessionId(),
          answered.value().verdict(), Optional.of(answered.value().reason()), Optional.empty(), turns, sessionId, tokens,
          reply.tokens(), millis);
      case StructuredModel.Reply.Broken<Judged<ReplayVerdict>> broken -> new ReplayResult(archived.sessionId(),
          ReplayVerdict.ERROR, Optional.empty(), Optional.of("the judge: " + broken.reason()), turns, sessionId, tokens,
          reply.tokens(), millis);
    };
  }

  /** The bot's answers to each customer message of {@code messages}, in order, joined per message. */
  private static List<String> answers(List<ChatMessage> messages) {
    List<StringBuilder> answers = new ArrayList<>();
    for (ChatMessage message : messages) {
      if (message.role() == Role.USER) {
        answers.add(new StringBuilder());
      } else if (!answers.isEmpty() && message.role() == Role.ASSISTANT
          && message.source().orElse(null) != AnswerSource.GREETING) {
        StringBuilder answer = answers.get(answers.size() - 1);
        answer.append(answer.isEmpty() ? "" : "\n").append(message.text());
      }
    }
    return answers.stream().map(StringBuilder::toString).toList();
  }

  private static List<ReplayedTurn> turns(ArchivedConversations.Archived archived, List<String> answers) {
    List<ReplayedTurn> turns = new ArrayList<>();
    for (int i = 0; i < archived.exchanges().size(); i++) {
      ArchivedConversations.Exchange exchange = archived.exchanges().get(i);
      turns.add(new ReplayedTurn(exchange.customer(), exchange.live(), i < answers.size() ? answers.get(i) : ""));
    }
    return turns;
  }
}
