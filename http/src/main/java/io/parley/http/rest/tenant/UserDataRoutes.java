package io.parley.http.rest.tenant;

import io.parley.core.AsyncCause;
import io.parley.core.archive.ArchiveUnavailableException;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Action;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.edge.Refusals;
import io.parley.http.rest.SessionRoutes;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.http.rest.TicketRoutes;
import io.parley.persistence.PersistenceException;
import io.parley.sessions.ArchiveRecord;
import io.parley.sessions.erasure.ErasureReport;
import io.parley.sessions.erasure.UserErasure;
import io.parley.sessions.erasure.UserExport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/users/{userId}/export}, everything held about a user (the user itself or an
 * admin), and {@code DELETE /v1/users/{userId}}, its erasure (an admin), in the caller's tenant.
 */
public final class UserDataRoutes extends StoreRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(UserDataRoutes.class);

  record ExportJson(String tenant, String userId, List<SessionRoutes.SessionJson> sessions,
      List<UserMemoryRoutes.EntryJson> memory, List<TicketRoutes.TicketJson> tickets, List<String> archiveObjects,
      List<NoteJson> notes) {
    static ExportJson of(UserExport export) {
      return new ExportJson(export.tenant(), export.userId(),
          export.sessions().stream().map(SessionRoutes.SessionJson::of).toList(),
          export.memory().stream().map(UserMemoryRoutes.EntryJson::of).toList(),
          export.tickets().stream().map(ticket -> TicketRoutes.TicketJson.of(ticket, Optional.empty())).toList(),
          export.sessions().stream().flatMap(view -> view.archive().map(ArchiveRecord::key).stream()).toList(),
          export.notes().entrySet().stream().flatMap(session -> session.getValue().stream()
              .map(note -> new NoteJson(session.getKey(), note.authorName(), note.body(), note.createdAt()))).toList());
    }
  }

  /**
   * A staff note on one of the user's conversations, with the name its author signs with; the
   * author's account id is the staff member's data, not the user's, and stays out.
   */
  record NoteJson(String sessionId, String author, String body, Instant createdAt) {}

  record ErasedJson(String tenant, String userId, int sessions, int archiveObjects, int tickets, int memories) {
    static ErasedJson of(String tenant, String userId, ErasureReport report) {
      return new ErasedJson(tenant, userId, report.sessions(), report.archiveObjects(), report.tickets(), report.memories());
    }
  }

  private final UserErasure erasure;

  /** Audit actions; the entry's resource names the user: the tenant's record that it answered the request. */
  static final String EXPORT = "user.export";
  static final String ERASE = "user.erase";

  public UserDataRoutes(UserErasure erasure, com.fasterxml.jackson.databind.ObjectMapper json, Callers callers,
      java.util.concurrent.Executor blocking) {
    super(callers, new StoreCalls(json, blocking));
    this.erasure = erasure;
  }

  public Route route() {
    return concat(
        path(PathMatchers.segment("v1").slash("users").slash(PathMatchers.segment()).slash("export"), segment ->
            get(() -> callers.caller(caller -> calls.userId(segment, userId ->
                callers.allowed(caller, EXPORT, AccessPolicy.mayExportUser(caller, userId), () ->
                    callers.audit().recorded(caller, EXPORT, () -> answer(erasure.export(caller.tenant(), userId)
                        .thenApply(export -> calls.json(StatusCodes.OK, ExportJson.of(export)))))))))),
        path(PathMatchers.segment("v1").slash("users").slash(PathMatchers.segment()), segment ->
            delete(() -> callers.caller(caller -> calls.userId(segment, userId ->
                callers.audited(caller, Action.ERASE_USER_DATA, ERASE, () -> answer(
                    erasure.eraseUser(caller.tenant(), userId).thenApply(report ->
                        calls.json(StatusCodes.OK, ErasedJson.of(caller.tenant(), userId, report))))))))));
  }

  /** A store or the archive that fails is 503 (the request is idempotent: ask again); a session that does not answer, as sessions say. */
  private Route answer(CompletionStage<HttpResponse> response) {
    return completeWithFuture(response.exceptionally(failure -> {
      Throwable cause = AsyncCause.of(failure);
      if (cause instanceof PersistenceException || cause instanceof ArchiveUnavailableException) {
        LOG.warn("a user data request failed", cause);
        return calls.errors().response(ErrorCode.UNAVAILABLE, "a store is unavailable; nothing is lost, retry");
      }
      return calls.errors().response(Refusals.of(failure, "a session of the user"));
    }));
  }
}
