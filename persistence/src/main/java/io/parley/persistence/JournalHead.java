package io.parley.persistence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.jdbc.query.JournalSequenceActor;
import org.apache.pekko.persistence.jdbc.query.scaladsl.JdbcReadJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the journal can be read by tag without missing an event: the highest ordering below which
 * no write is still uncommitted, as pekko-persistence-jdbc's read journal learns it (its sequence
 * actor, every {@code journal-sequence-retrieval.query-delay}). One for a node, asked every
 * {@code refresh-interval}: a reader that has read up to the head waits on it ({@link #after}), with
 * no timer, query or thread of its own, until it moves. The plugin's own query by tag has each
 * reader ask the head and run a stream every {@code refresh-interval}, which, for the eight
 * conversations slices, was most of what the projection cost a node no one chatted with.
 */
public final class JournalHead {
  private static final Logger LOG = LoggerFactory.getLogger(JournalHead.class);

  private final ActorRef sequenceActor;
  private final Duration askTimeout;
  private volatile long head;
  /** Completed, and replaced, each time the head moves. */
  private final AtomicReference<CompletableFuture<Void>> moved = new AtomicReference<>(new CompletableFuture<>());
  private final AtomicBoolean asking = new AtomicBoolean();
  /** Whether the last question went unanswered (warned once until one is answered). */
  private volatile boolean unanswered;

  /**
   * Follows {@code journal}'s head on {@code system}'s scheduler, every {@code refresh-interval}: the
   * Scala read journal {@code PersistenceQuery} keeps for the plugin; the Java one is another
   * instance, whose queries by tag would start a sequence actor of the same name.
   */
  public JournalHead(ActorSystem system, JdbcReadJournal journal) {
    this.sequenceActor = journal.journalSequenceActor();
    this.askTimeout = Duration.ofMillis(journal.readJournalConfig().journalSequenceRetrievalConfiguration().askTimeout().toMillis());
    Duration every = Duration.ofMillis(journal.readJournalConfig().refreshInterval().toMillis());
    system.scheduler().scheduleWithFixedDelay(Duration.ZERO, every, this::ask, system.dispatcher());
  }

  /** The head once it is past {@code offset}: at once when it already is. */
  public CompletionStage<Long> after(long offset) {
    // The future before the head: a move between the two reads completes the future this waits on.
    CompletableFuture<Void> next = moved.get();
    long now = head;
    if (now > offset) return CompletableFuture.completedFuture(now);
    return next.thenCompose(ignored -> after(offset));
  }

  private void ask() {
    // One question at a time: a slow answer is not asked again on top of itself.
    if (!asking.compareAndSet(false, true)) return;
    Patterns.ask(sequenceActor, JournalSequenceActor.GetMaxOrderingId$.MODULE$, askTimeout).whenComplete((answer, failed) -> {
      asking.set(false);
      if (answer instanceof JournalSequenceActor.MaxOrderingId max) {
        unanswered = false;
        learned(max.maxOrdering());
      } else if (!unanswered) {
        unanswered = true;
        LOG.warn("The read journal did not say how far the journal can be read; readers by tag wait", failed);
      }
    });
  }

  private void learned(long max) {
    if (max <= head) return;
    head = max;
    moved.getAndSet(new CompletableFuture<>()).complete(null);
  }
}
