package io.parley.sessions.erasure;

import io.parley.core.archive.ArchiveStore;
import io.parley.core.attachment.AttachmentKeys;
import io.parley.core.attachment.StoredBytes;
import io.parley.core.recording.RecordingKeys;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.memory.UserMemory;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.persistence.campaigns.CampaignLeads;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.persistence.desk.ConversationNote;
import io.parley.persistence.desk.JdbcConversationNotes;
import io.parley.sessions.ArchiveRecord;
import io.parley.sessions.SessionView;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.SessionCommand;
import io.parley.tools.tickets.TicketStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export and erasure of what is held about a user (docs/security.md, "Erasure and export"). The
 * user's sessions are found through their data keys; erasing them deletes their archive
 * documents, attachments and call recordings, the tickets they opened, the user's long-term memory, and last their keys (the
 * journal stays, sealed, unreadable) and their conversations' rows and staff notes, then stops each running session so that it recovers as
 * erased. The campaign leads that named the user go too: those whose calls were the sessions, and,
 * for a phone user, every lead of their number (called or not: erased, never called again). Every step is idempotent, and the keys go last: an erasure that fails half-way is
 * simply asked again and finds what is left.
 */
public record UserErasure(ChatSessions sessions, DataKeyStore keys, ArchiveStore archive, StoredBytes storedBytes,
    UserMemory memory, TicketStore tickets, JdbcConversations conversations, JdbcConversationNotes notes,
    CampaignLeads leads, Duration askTimeout, Executor blocking) {
  private static final Logger LOG = LoggerFactory.getLogger(UserErasure.class);

  public CompletionStage<UserExport> export(String tenant, String userId) {
    return CompletableFuture.supplyAsync(() -> keys.sessionsOf(tenant, userId), blocking)
        .thenCompose(this::views)
        .thenApplyAsync(views -> {
          List<String> ids = views.stream().map(view -> view.info().sessionId()).toList();
          return new UserExport(tenant, userId, views, memory.all(tenant, userId), tickets.ofSessions(tenant, ids),
              notesOn(tenant, ids));
        }, blocking);
  }

  /** The staff's notes on each of {@code sessionIds} that has any, by session id, in the sessions' order. */
  private Map<String, List<ConversationNote>> notesOn(String tenant, List<String> sessionIds) {
    Map<String, List<ConversationNote>> found = new LinkedHashMap<>();
    for (String id : sessionIds) {
      List<ConversationNote> written = notes.list(tenant, id);
      if (!written.isEmpty()) found.put(id, written);
    }
    return found;
  }

  public CompletionStage<ErasureReport> eraseUser(String tenant, String userId) {
    return CompletableFuture.supplyAsync(() -> keys.sessionsOf(tenant, userId), blocking)
        .thenCompose(found -> erase(tenant, found, () -> memory.forget(tenant, userId)))
        .thenApplyAsync(report -> {
          int erased = leads.eraseUser(tenant, userId);
          if (erased > 0) LOG.info("Erased {} campaign leads of a user of tenant {}", erased, tenant);
          return report;
        }, blocking);
  }

  /** Erases sessions of one tenant (retention), with what they left in their users' memory; other sessions' memories stay. */
  public CompletionStage<ErasureReport> eraseSessions(String tenant, List<SessionId> found) {
    return erase(tenant, found, () -> memory.forgetSessions(tenant, found.stream().map(SessionId::wireId).toList()));
  }

  private CompletionStage<ErasureReport> erase(String tenant, List<SessionId> found, IntSupplier forget) {
    return views(found).thenApplyAsync(views -> {
      int archived = 0;
      for (SessionView view : views) {
        Optional<String> key = view.archive().map(ArchiveRecord::key);
        if (key.isPresent() && archive.delete(key.get())) archived++;
        deleteAttachments(view);
        // A call's recording, if it has one: sealed under the key deleted next, and gone from the store too.
        archive.delete(RecordingKeys.of(SessionId.of(view.info().tenant(), view.info().sessionId())));
      }
      int ticketCount = tickets.eraseOfSessions(tenant, found.stream().map(SessionId::wireId).toList());
      int memories = forget.getAsInt();
      int erased = keys.erase(found);
      // After the keys: the projection deletes the row of any event it reads from now on.
      conversations.erase(tenant, found.stream().map(SessionId::wireId).toList());
      notes.erase(tenant, found.stream().map(SessionId::wireId).toList());
      int leadCount = leads.eraseSessions(tenant, found.stream().map(SessionId::wireId).toList());
      found.forEach(sessions::restart);
      LOG.info("Erased {} sessions of tenant {}: {} archive documents, {} tickets, {} memories, {} campaign leads",
          erased, tenant, archived, ticketCount, memories, leadCount);
      return new ErasureReport(erased, archived, ticketCount, memories);
    }, blocking);
  }

  /**
   * The conversation's files, in the archive's store: sealed under the key deleted next, and gone
   * from the store too; each one deleted no longer counts against its tenant's storage quota.
   */
  private void deleteAttachments(SessionView view) {
    SessionId id = SessionId.of(view.info().tenant(), view.info().sessionId());
    view.notes().attachments().forEach(file -> {
      if (archive.delete(AttachmentKeys.of(id, file.attachmentId()))) storedBytes.remove(id.tenant(), file.size());
    });
  }

  /** The sessions as their journals hold them; those that are not there (erased, never started) are left out. */
  private CompletionStage<List<SessionView>> views(List<SessionId> found) {
    List<CompletableFuture<Optional<SessionView>>> asked = new ArrayList<>();
    for (SessionId id : found) {
      asked.add(sessions.entity(id).<SessionView>askWithStatus(SessionCommand.GetView::new, askTimeout)
          .thenApply(Optional::of)
          .exceptionally(UserErasure::absentIfNotFound)
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
        .thenApply(done -> asked.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
  }

  private static Optional<SessionView> absentIfNotFound(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof Refusal refusal && refusal.code() == ErrorCode.NOT_FOUND) return Optional.empty();
    throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(cause);
  }
}
