package io.parley.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.http.auth.Callers;
import io.parley.http.edge.Refusals;
import io.parley.persistence.desk.AgentProfile;
import io.parley.persistence.desk.ConversationNote;
import io.parley.persistence.desk.JdbcAgentProfiles;
import io.parley.persistence.desk.JdbcConversationNotes;
import io.parley.persistence.desk.JdbcSavedReplies;
import io.parley.persistence.desk.SavedReply;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The agent's workspace besides the conversations themselves (docs/agent-console.md):
 * {@code GET}/{@code PUT /v1/agents/me}, the signed-in agent's own profile (the name and picture
 * customers see; the uploaded picture is {@link AgentPictureRoutes}'); the tenant's saved replies, {@code GET /v1/saved-replies} for its agents and
 * admins, {@code POST}, {@code PUT} and {@code DELETE /v1/saved-replies/{id}} for its admins; and the
 * internal notes on a conversation, {@code GET}/{@code POST /v1/conversations/{id}/notes}, for its
 * staff only. Every change is in the audit log, never its words.
 */
public final class AgentDeskRoutes extends StoreRoutes {
  /** {@code picture}: where customers load the picture the agent uploaded, absent without one. */
  record ProfileJson(String agentId, Optional<String> displayName, Optional<String> pictureUrl, String shownName,
      Optional<String> picture) {}

  record SavedReplyJson(String id, String title, String body, String updatedBy, Instant updatedAt) {
    static SavedReplyJson of(SavedReply reply) {
      return new SavedReplyJson(reply.id(), reply.title(), reply.body(), reply.updatedBy(), reply.updatedAt());
    }
  }

  record SavedRepliesJson(String tenant, List<SavedReplyJson> savedReplies) {}

  record NoteJson(String id, String authorId, String author, String body, Instant createdAt) {
    static NoteJson of(ConversationNote note) {
      return new NoteJson(note.id(), note.authorId(), note.authorName(), note.body(), note.createdAt());
    }
  }

  record NotesJson(String sessionId, List<NoteJson> notes) {}

  private final JdbcAgentProfiles profiles;
  private final AgentPictureRoutes pictureRoutes;
  private final JdbcSavedReplies replies;
  private final JdbcConversationNotes notes;
  private final SessionRoutes sessions;
  private final Clock clock;

  /** {@code sessions}: where a conversation is asked whether it exists before a note names it. */
  public AgentDeskRoutes(JdbcAgentProfiles profiles, AgentPictureRoutes pictureRoutes, JdbcSavedReplies replies,
      JdbcConversationNotes notes, SessionRoutes sessions, Callers callers, ObjectMapper json, Executor blocking,
      Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.profiles = profiles;
    this.pictureRoutes = pictureRoutes;
    this.replies = replies;
    this.notes = notes;
    this.sessions = sessions;
    this.clock = clock;
  }

  public Route route() {
    return concat(
        path(PathMatchers.segment("v1").slash("agents").slash("me"), () -> callers.caller(this::profile)),
        pictureRoutes.route(),
        pathPrefix(PathMatchers.segment("v1").slash("saved-replies"), () -> callers.caller(this::savedReplies)),
        path(PathMatchers.segment("v1").slash("conversations").slash(PathMatchers.segment()).slash("notes"),
            rawId -> callers.caller(caller -> notes(caller, rawId))));
  }

  /** The caller's own profile: any agent or admin who works in the console, under the id it signs in as. */
  private Route profile(Caller caller) {
    return asAgent(caller, "agent.profile", agentId -> concat(
          get(() -> calls.call(() -> profileJson(caller, profiles.find(caller.tenant(), agentId)))),
          put(() -> callers.audit().recorded(caller, "agent.profile", () -> calls.objectBody(body -> calls.call(() -> {
            AgentProfile profile = AgentProfile.of(StoreCalls.optionalText(body, "displayName"),
                StoreCalls.optionalText(body, "pictureUrl"));
            profiles.save(caller.tenant(), agentId, profile, clock.instant());
            return profileJson(caller, profile);
          }))))));
  }

  private HttpResponse profileJson(Caller caller, AgentProfile profile) {
    String agentId = caller.agentId().orElseThrow();
    Optional<String> picture = pictureRoutes.path(caller.tenant(), agentId);
    return calls.json(StatusCodes.OK, new ProfileJson(agentId, profile.displayName(), profile.pictureUrl(),
        profile.shownName(agentId), picture));
  }

  private Route savedReplies(Caller caller) {
    String tenant = caller.tenant();
    String by = caller.actor();
    return concat(
        pathEnd(() -> concat(
            get(() -> callers.permitted(caller, Action.READ_SAVED_REPLIES, () -> calls.call(() ->
                calls.json(StatusCodes.OK, new SavedRepliesJson(tenant,
                    replies.list(tenant).stream().map(SavedReplyJson::of).toList()))))),
            post(() -> callers.audited(caller, Action.MANAGE_SAVED_REPLIES, "saved_reply.create", () ->
                calls.objectBody(body -> conflicting(() -> {
                  SavedReply saved = replies.create(tenant, StoreCalls.text(body, "title"), StoreCalls.text(body, "body"),
                      by, clock.instant());
                  return calls.json(StatusCodes.CREATED, SavedReplyJson.of(saved))
                      .addHeader(Location.create("/v1/saved-replies/" + saved.id()));
                })))))),
        path(PathMatchers.segment(), id -> concat(
            get(() -> callers.permitted(caller, Action.READ_SAVED_REPLIES, () -> calls.call(() ->
                replies.find(tenant, id).map(reply -> calls.json(StatusCodes.OK, SavedReplyJson.of(reply)))
                    .orElseGet(this::noSavedReply)))),
            put(() -> callers.audited(caller, Action.MANAGE_SAVED_REPLIES, "saved_reply.update", () ->
                calls.objectBody(body -> conflicting(() -> replies.update(tenant, id, StoreCalls.text(body, "title"),
                        StoreCalls.text(body, "body"), by, clock.instant())
                    .map(reply -> calls.json(StatusCodes.OK, SavedReplyJson.of(reply))).orElseGet(this::noSavedReply))))),
            delete(() -> callers.audited(caller, Action.MANAGE_SAVED_REPLIES, "saved_reply.delete", () -> calls.call(() ->
                replies.delete(tenant, id) ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT) : noSavedReply()))))));
  }

  /** {@code work}, with a taken title or a full list answered as a conflict (409). */
  private Route conflicting(Supplier<HttpResponse> work) {
    return calls.call(() -> {
      try {
        return work.get();
      } catch (JdbcSavedReplies.DuplicateTitle | IllegalStateException e) {
        return calls.errors().response(ErrorCode.CONFLICT, e.getMessage());
      }
    });
  }

  private HttpResponse noSavedReply() {
    return calls.errors().response(ErrorCode.NOT_FOUND, "no such saved reply in this tenant");
  }

  /**
   * A conversation's notes, the tenant's staff's only: customers' callers are refused as for any
   * staff read, and a conversation that is not the caller's tenant's (made up, or another tenant's
   * id) is not found, so no note is kept on nothing.
   */
  private Route notes(Caller caller, String rawId) {
    SessionId id;
    try {
      id = SessionId.of(caller.tenant(), rawId);
    } catch (IllegalArgumentException e) {
      return complete(calls.errors().response(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
    return concat(
        get(() -> callers.permitted(caller, Action.READ_CONVERSATIONS, () -> existing(id, () -> calls.call(() ->
            calls.json(StatusCodes.OK, new NotesJson(id.wireId(),
                notes.list(id.tenant(), id.wireId()).stream().map(NoteJson::of).toList())))))),
        post(() -> callers.audited(caller, Action.WRITE_CONVERSATION_NOTES, "conversation.note", () -> existing(id, () ->
            calls.objectBody(body -> conflicting(() -> {
              String authorId = caller.agentId().orElse(caller.actor());
              String author = profiles.find(caller.tenant(), authorId).shownName(authorId);
              ConversationNote note = notes.add(id.tenant(), id.wireId(), authorId, author, StoreCalls.text(body, "body"),
                  clock.instant());
              return calls.json(StatusCodes.CREATED, NoteJson.of(note));
            }))))));
  }

  /** {@code inner} once the conversation {@code id} is found in its tenant; else its refusal (404 for none). */
  private Route existing(SessionId id, Supplier<Route> inner) {
    return onComplete(sessions.viewOf(id), found -> found.isSuccess() ? inner.get()
        : complete(calls.errors().response(Refusals.of(found.failed().get(), "the conversation"))));
  }
}
