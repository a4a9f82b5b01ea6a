package io.parley.http.rest.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.MessageRules;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.http.auth.Callers;
import io.parley.http.chat.AttachmentJson;
import io.parley.http.chat.FrameCodec;
import io.parley.http.edge.Refusals;
import io.parley.http.rest.JsonBodies;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.TicketRoutes;
import io.parley.sessions.SessionView;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /v1/conversations/{id}/messages}: the agent holding a conversation writes to its
 * customer over REST, as the console's {@code reply} frame does (docs/agent-console.md), with the
 * same rules: the caller may take conversations over and is one agent (a token's subject or an API
 * key), and the session takes the message only from the agent holding it ({@link
 * SessionCommand.PostAgentMessage}). Files it carries are the conversation's, uploaded before. The
 * answer is the stored message, once persisted; an {@code Idempotency-Key} is its {@code clientMsgId},
 * so a retry with the same key answers the stored message again ({@code 200}) instead of a second one.
 */
public final class AgentMessageRoutes extends AllDirectives {
  static final String AUDIT_ACTION = "conversation.message";

  /** The stored message as the agent's REST client reads it. */
  record PostedJson(String sessionId, long seq, Instant at, String role, String author, String text,
      List<AttachmentJson> attachments, boolean duplicate) {}

  private final ChatSessions sessions;
  private final JsonBodies bodies;
  private final Callers callers;
  private final MessageRules rules;
  private final Duration askTimeout;
  private final Executor replies;

  public AgentMessageRoutes(ChatSessions sessions, JsonBodies bodies, Callers callers, MessageRules rules, Duration askTimeout,
      Executor replies) {
    this.sessions = sessions;
    this.bodies = bodies;
    this.callers = callers;
    this.rules = rules;
    this.askTimeout = askTimeout;
    this.replies = replies;
  }

  /** The route for the conversation {@code id}, already of the caller's tenant. */
  Route route(Caller caller, SessionId id) {
    return post(() -> callers.audited(caller, Action.TAKE_OVER_CONVERSATIONS, AUDIT_ACTION, () -> {
      if (caller.agentId().isEmpty()) {
        return complete(callers.errors().response(ErrorCode.FORBIDDEN,
            "an agent writes with a token whose sub names the agent, or an API key"));
      }
      String agentId = caller.agentId().get();
      return optionalHeaderValueByName(TicketRoutes.IDEMPOTENCY_KEY, key -> bodies.objectBody(body -> {
        Message message;
        try {
          message = Message.of(body, key, rules);
        } catch (Refusal refused) {
          return complete(callers.errors().response(refused));
        }
        return completeWithFuture(posted(id, agentId, message));
      }));
    }));
  }

  /** What the request asks to post: checked as the socket's {@code reply} frame is (empty: 400; past the size: 413). */
  private record Message(String clientMsgId, String text, List<String> attachments) {
    static Message of(JsonNode body, Optional<String> key, MessageRules rules) {
      String text = rules.text(StoreCalls.optionalString(body, "text")
          .orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: text")));
      String clientMsgId = key.isPresent() ? MessageRules.id(TicketRoutes.IDEMPOTENCY_KEY, key.get())
          : "rest-" + UUID.randomUUID();
      return new Message(clientMsgId, text, FrameCodec.attachmentIds(body));
    }
  }

  /**
   * Checks the conversation first (closed: 409; a file it does not hold: 404, as another tenant's
   * file is not found), posts, then answers with the message as stored.
   */
  private CompletionStage<HttpResponse> posted(SessionId id, String agentId, Message message) {
    return view(id)
        .thenCompose(before -> {
          if (before.closedAt().isPresent()) {
            throw Refusal.of(ErrorCode.CONFLICT, "the conversation is closed");
          }
          message.attachments().stream().filter(file -> before.notes().attachment(file).isEmpty()).findFirst()
              .ifPresent(file -> {
                throw Refusal.of(ErrorCode.NOT_FOUND, "no attachment " + file + " in this conversation; upload it "
                    + "first (POST /v1/sessions/{id}/attachments)");
              });
          return sessions.entity(id).<SessionCommand.Accepted>askWithStatus(replyTo -> new SessionCommand.PostAgentMessage(
              agentId, message.clientMsgId(), message.text(), Optional.empty(), message.attachments(), replyTo),
              askTimeout);
        })
        .thenCompose(accepted -> view(id).thenApply(after -> answer(id, after, accepted)))
        .handleAsync((response, failure) -> failure == null ? response
            : callers.errors().response(Refusals.of(failure, "the session")), replies);
  }

  private CompletionStage<SessionView> view(SessionId id) {
    return sessions.entity(id).askWithStatus(SessionCommand.GetView::new, askTimeout);
  }

  private HttpResponse answer(SessionId id, SessionView view, SessionCommand.Accepted accepted) {
    ChatMessage stored = view.messages().stream().filter(m -> m.seq() == accepted.seq()).findFirst()
        .orElseThrow(() -> new IllegalStateException("the accepted message " + accepted.seq() + " is not in the view"));
    return bodies.response(accepted.duplicate() ? StatusCodes.OK : StatusCodes.CREATED, new PostedJson(id.wireId(),
        stored.seq(), stored.at(), stored.role().wireName(), stored.author().orElse(null), stored.text(),
        AttachmentJson.allOf(id.wireId(), view.notes().filesOf(stored.seq())), accepted.duplicate()));
  }
}
