package io.parley.sessions.entity.phase;

import io.parley.core.archive.ArchiveKeys;
import io.parley.core.archive.ArchiveStore;
import io.parley.core.memory.SessionMemory;
import io.parley.core.memory.UserMemory;
import io.parley.core.privacy.KeypadRedaction;
import io.parley.core.retry.RetryPolicy;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionArchiveDocument;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.resilience.RetryingStep;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Finishes a close: the transcript goes to the archive and, for a known user, the session goes
 * to long-term memory, each in a {@link RetryingStep} that keeps trying until it succeeds (an
 * attempt that hangs is abandoned after {@code PARLEY_RETRY_ATTEMPT_TIMEOUT} and tried again). The
 * entity persists the outcome of each ({@code SessionArchived}, {@code MemoryRecorded}); a
 * session that recovers in an unfinished close starts the missing steps again.
 */
public final class CloseCompletion {
  private final ActorContext<SessionInput> context;
  private final SessionId id;
  private final SessionServices services;
  private boolean archiving;
  // A document under way that no longer holds everything the closed session has (a late rating).
  private boolean archiveOutdated;
  private boolean recordingMemory;

  public CloseCompletion(ActorContext<SessionInput> context, SessionId id, SessionServices services) {
    this.context = context;
    this.id = id;
    this.services = services;
  }

  /** Starts each step {@code closed} still needs and that is not running yet. */
  public void maybeStart(Closed closed) {
    if (closed.needsArchive() && !archiving) {
      archiving = true;
      // Redacted by the tenant's patterns on the tenant-logic pool, whole (no deadline: the archive is
      // kept for years), while the step's thread waits for it; never on the session's thread.
      CompletableFuture<byte[]> document = services.logic().pool().submit(id.tenant(),
          () -> SessionArchiveDocument.of(id, closed, services.settings().redactArchive()).toJson());
      String key = ArchiveKeys.of(id, closed.closedAt());
      ArchiveStore store = services.archive();
      context.spawnAnonymous(RetryingStep.untilSuccess("archive of " + id, () -> store.put(key, document.join()), retryPolicy(),
          context.getSelf(),
          receipt -> new InternalCommand.ArchiveWritten(receipt.key(), receipt.sha256(), receipt.bytes(), store.location())));
    }
    if (closed.needsMemory() && !recordingMemory) {
      recordingMemory = true;
      SessionMemory memory = new SessionMemory(id.tenant(), closed.userId().orElseThrow(), id.wireId(),
          closed.closedAt(), episodeOf(closed), closed.notes().facts());
      UserMemory userMemory = services.answering().memory();
      context.spawnAnonymous(RetryingStep.untilSuccess("long-term memory of " + id, () -> {
        userMemory.remember(memory);
        return memory;
      }, retryPolicy(), context.getSelf(), stored -> new InternalCommand.MemoryWritten()));
    }
  }

  private RetryPolicy retryPolicy() {
    SessionSettings settings = services.settings();
    return RetryPolicy.untilSuccess(settings.retryAttemptTimeout(), settings.retryBackoff());
  }

  /**
   * The written document's session is done with; false when it is outdated (a rating came while
   * it was written), and the archive is written again.
   */
  boolean archiveWritten() {
    archiving = false;
    boolean current = !archiveOutdated;
    archiveOutdated = false;
    return current;
  }

  /** {@code closed} changed after its archive was written, or while it is: its document is written again. */
  public void rewriteArchive(Closed closed) {
    if (archiving) archiveOutdated = true;
    maybeStart(closed);
  }

  void memoryWritten() {
    recordingMemory = false;
  }

  /**
   * What long-term memory keeps of a session: the rolling summary extended (extractively, no model
   * call at close) with the messages it does not cover yet, so the episode spans the whole talk; a
   * caller's keys as placeholders, as staff read them: a later conversation's prompt shows it.
   */
  private String episodeOf(Closed closed) {
    ConversationNotes notes = closed.notes();
    return services.answering().prompts().extractiveSummary(notes.summaryText(),
        KeypadRedaction.of(closed.transcript().after(notes.summarizedThroughSeq())));
  }
}
