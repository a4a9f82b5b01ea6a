package io.parley.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
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
 * {@code refresh-interval}: a reader of a tag that has read up to the head waits on it ({@link #after}),
 * with no timer, query or thread of its own, until its tag is written past what it has read. The
 * plugin's own query by tag has each reader ask the head and run a stream every {@code refresh-interval},
 * which, for the eight conversations slices, was most of what the projection cost a node no one
 * chatted with.
 *
 * <p>As the head moves, one query asks which tags its new events carry ({@link TaggedWrites}): the
 * readers of those tags go on, and the others wait on. Otherwise every move woke every slice to read
 * a page, mostly empty, since a quiet node's message lands in one slice: eight queries where one does.
 */
public final class JournalHead {
  private static final Logger LOG = LoggerFactory.getLogger(JournalHead.class);

  private final Supplier<CompletionStage<Object>> headAsked;
  private final TagsWritten tagsWritten;
  private final Duration askTimeout;
  /** The widest move whose tags are asked: the sequence actor's batch, as it climbs a journal at start. */
  private final long widestAsked;
  private final AtomicBoolean asking = new AtomicBoolean();
  private TaggedWrites writes = TaggedWrites.none();
  private final List<Reader> waiting = new ArrayList<>();
  /** Whether the last question went unanswered (warned once until one is answered). */
  private volatile boolean unanswered;
  /** Whether the last question of the tags written failed (warned once until one is answered). */
  private volatile boolean tagsUnread;

  /** A reader of {@code tag} that has read up to {@code offset}, waiting for more. */
  private record Reader(String tag, long offset, CompletableFuture<Long> head) {}

  /** The tags of the events after one ordering up to another ({@link TagRangeReadJournalDao#tagsWritten}). */
  @FunctionalInterface
  interface TagsWritten {
    CompletionStage<Set<String>> between(long after, long upTo);
  }

  /**
   * Follows {@code journal}'s head on {@code system}'s scheduler, every {@code refresh-interval}: the
   * Scala read journal {@code PersistenceQuery} keeps for the plugin, whose DAO is a
   * {@link TagRangeReadJournalDao} ({@link JournalConfig}); the Java one is another instance, whose
   * queries by tag would start a sequence actor of the same name.
   */
  public JournalHead(ActorSystem system, JdbcReadJournal journal) {
    this(sequenceActorAsked(journal.journalSequenceActor(), askTimeout(journal)),
        ((TagRangeReadJournalDao) journal.readJournalDao())::tagsWritten, askTimeout(journal),
        journal.readJournalConfig().journalSequenceRetrievalConfiguration().batchSize());
    Duration every = Duration.ofMillis(journal.readJournalConfig().refreshInterval().toMillis());
    system.scheduler().scheduleWithFixedDelay(Duration.ZERO, every, this::ask, system.dispatcher());
  }

  /**
   * A head asked by the caller ({@link #ask}): {@code headAsked} answers the sequence actor's
   * {@code MaxOrderingId} or fails, {@code tagsWritten} the tags of a move.
   */
  JournalHead(Supplier<CompletionStage<Object>> headAsked, TagsWritten tagsWritten, Duration askTimeout, long widestAsked) {
    this.headAsked = headAsked;
    this.tagsWritten = tagsWritten;
    this.askTimeout = askTimeout;
    this.widestAsked = widestAsked;
  }

  private static Duration askTimeout(JdbcReadJournal journal) {
    return Duration.ofMillis(journal.readJournalConfig().journalSequenceRetrievalConfiguration().askTimeout().toMillis());
  }

  private static Supplier<CompletionStage<Object>> sequenceActorAsked(ActorRef sequenceActor, Duration timeout) {
    return () -> Patterns.ask(sequenceActor, JournalSequenceActor.GetMaxOrderingId$.MODULE$, timeout);
  }

  /**
   * The head once {@code tag} may have events past {@code offset} up to it: at once when it already
   * may. Until then a reader reads nothing, as a page would find nothing. A reader that stops
   * waiting (its slice stopped or moved to another node) cancels the future, and is forgotten.
   */
  public synchronized CompletableFuture<Long> after(String tag, long offset) {
    if (writes.readable(tag, offset)) return CompletableFuture.completedFuture(writes.head());
    Reader reader = new Reader(tag, offset, new CompletableFuture<>());
    waiting.add(reader);
    reader.head().whenComplete((head, failed) -> {
      if (failed instanceof CancellationException) forget(reader);
    });
    return reader.head();
  }

  private synchronized void forget(Reader reader) {
    waiting.remove(reader);
  }

  /** How many readers wait for the head to move past what they read. */
  synchronized int readersWaiting() {
    return waiting.size();
  }

  /** Asks how far the journal can be read, unless a question is still unanswered. */
  void ask() {
    // One question at a time, the tags' with it: a slow answer is not asked again on top of itself.
    if (!asking.compareAndSet(false, true)) return;
    headAsked.get().whenComplete((answer, failed) -> {
      if (answer instanceof JournalSequenceActor.MaxOrderingId max) {
        unanswered = false;
        moveTo(max.maxOrdering());
      } else {
        asking.set(false);
        if (!unanswered) {
          unanswered = true;
          LOG.warn("The read journal did not say how far the journal can be read; readers by tag wait", failed);
        }
      }
    });
  }

  private void moveTo(long max) {
    long from;
    synchronized (this) {
      from = writes.head();
    }
    if (max <= from) {
      asking.set(false);
    } else if (from == 0 || max - from > widestAsked) {
      // The first head, or a leap past a gap given up: no question for one query; every reader reads.
      learned(max, Optional.empty());
    } else {
      // A query that hangs would hold every slice of the node: past the ask's timeout, every reader reads.
      CompletionStage<Set<String>> written;
      try {
        written = tagsWritten.between(from, max).toCompletableFuture().orTimeout(askTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        written = CompletableFuture.failedFuture(e);
      }
      written.whenComplete((tags, failed) -> {
        if (failed != null && !tagsUnread) {
          LOG.warn("The tags written to the journal could not be read; every reader by tag reads", failed);
        }
        tagsUnread = failed != null;
        learned(max, Optional.ofNullable(tags));
      });
    }
  }

  private void learned(long max, Optional<Set<String>> tags) {
    List<Reader> ready = new ArrayList<>();
    long head;
    try {
      synchronized (this) {
        writes = writes.reached(max, tags);
        head = writes.head();
        waiting.removeIf(reader -> writes.readable(reader.tag(), reader.offset()) && ready.add(reader));
      }
    } finally {
      asking.set(false);
    }
    // Outside the lock: a reader's next page starts on this thread.
    for (Reader reader : ready) reader.head().complete(head);
  }
}
