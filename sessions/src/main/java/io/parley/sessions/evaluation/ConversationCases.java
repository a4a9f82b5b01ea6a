package io.parley.sessions.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.evaluation.CaseDocument;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.persistence.conversations.ConversationScore;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.sessions.SessionView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A conversation made a test case in one step (docs/evaluations.md, "From a conversation to a
 * case"): any of the tenant's conversations with a customer message, one that went well as much as
 * one that went badly. The case is scripted with the customer's messages, redacted (the personal data
 * as placeholders), and expects what the judge looks for in every conversation; the lead edits it
 * from there.
 */
public record ConversationCases(JdbcConversations conversations,
    Function<SessionId, CompletionStage<SessionView>> views, EvaluationCases cases, ObjectMapper json,
    Duration readTimeout) {
  static final String CRITERION = "The assistant settles what the customer asks, with facts only from the company's "
      + "articles and its tools' results, in a friendly tone, or hands the customer to a person when it cannot.";

  /** Stores the case made of the tenant's conversation {@code sessionId}; refused (404, 409) for one not there or without a customer message. */
  public EvaluationCases.Saved fromConversation(String tenant, String sessionId) {
    ConversationRow row = conversations.find(tenant, sessionId).filter(ConversationRow::counted)
        .orElseThrow(() -> Refusal.of(ErrorCode.NOT_FOUND, "no such conversation"));
    Optional<Integer> score = row.score().flatMap(ConversationScore::score);
    List<String> messages = RedactedConversation.of(view(SessionId.of(tenant, sessionId))).messages().stream()
        .filter(message -> message.role() == Role.USER).map(message -> cut(message.text()))
        .limit(CaseDocument.MAX_MESSAGES).toList();
    if (messages.isEmpty()) throw Refusal.of(ErrorCode.CONFLICT, "the conversation holds no customer message");
    ObjectNode definition = json.createObjectNode();
    definition.put("name", "Conversation " + sessionId + row.rating().map(rating -> ", rated " + rating).orElse("")
        + score.map(value -> ", scored " + value).orElse(""));
    ArrayNode said = definition.putArray("messages");
    messages.forEach(said::add);
    definition.putArray("expect").addObject().put("judge", CRITERION);
    return cases.create(tenant, definition);
  }

  private SessionView view(SessionId id) {
    try {
      return views.apply(id).toCompletableFuture().get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw Refusal.of(ErrorCode.UNAVAILABLE, "the conversation's messages could not be read; retry");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Refusal.of(ErrorCode.UNAVAILABLE, "interrupted");
    }
  }

  private static String cut(String text) {
    return text.length() <= CaseDocument.MAX_MESSAGE ? text : text.substring(0, CaseDocument.MAX_MESSAGE);
  }
}
