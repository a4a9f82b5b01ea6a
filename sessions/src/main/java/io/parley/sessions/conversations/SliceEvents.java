package io.parley.sessions.conversations;

import io.parley.persistence.JournalHead;
import io.parley.persistence.TaggedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A slice's events for its projection: its tag's events after the committed offset, a page at a
 * time, read as soon as the journal's head ({@link JournalHead}) is past what the slice has read,
 * and, once it has read them all, nothing until the head moves past another event of its tag. The
 * offsets are the journal's orderings ({@link Sequence}), as the plugin's query by tag gave them, so
 * a slice resumes from an offset either committed. A stream that ends (the slice stopped, or moved
 * to another node) gives up its wait on the head, which would otherwise read one page for no one
 * once the tag is written again.
 */
final class SliceEvents extends SourceProvider<Offset, EventEnvelope<Object>> {
  /** The journal's head once a tag may have events past an offset ({@link JournalHead#after}). */
  @FunctionalInterface
  interface Head {
    CompletableFuture<Long> after(String tag, long offset);
  }

  /** A page of the tag's events: those after {@code offset} up to {@code maxOffset}, at most {@code limit}. */
  @FunctionalInterface
  interface Pages {
    CompletionStage<List<TaggedEvent>> tagged(String tag, long offset, long maxOffset, int limit);
  }

  private final String tag;
  private final Head head;
  private final Pages journal;
  private final int pageSize;

  SliceEvents(String tag, Head head, Pages journal, int pageSize) {
    this.tag = tag;
    this.head = head;
    this.journal = journal;
    this.pageSize = pageSize;
  }

  @Override
  public CompletionStage<Source<EventEnvelope<Object>, NotUsed>> source(
      Supplier<CompletionStage<Optional<Offset>>> committed) {
    return committed.get().thenApply(offset -> Source.fromMaterializer((materializer, attributes) -> {
      HeadWait wait = new HeadWait();
      return Source.unfoldAsync(start(offset), from -> page(from, wait))
          .watchTermination((notUsed, ended) -> {
            ended.whenComplete((done, failed) -> wait.end());
            return notUsed;
          })
          .mapConcat(events -> events);
    }).mapMaterializedValue(ignored -> NotUsed.getInstance()));
  }

  private static long start(Optional<Offset> committed) {
    return committed.orElse(Offset.noOffset()) instanceof Sequence sequence ? sequence.value() : 0L;
  }

  /** The page after {@code from}, and where the next one starts. */
  private CompletionStage<Optional<Pair<Long, List<EventEnvelope<Object>>>>> page(long from, HeadWait wait) {
    return wait.on(head.after(tag, from)).thenCompose(until -> journal.tagged(tag, from, until, pageSize).thenApply(events -> {
      // A short page holds every event of the tag up to the head: the next one starts there.
      long next = events.size() < pageSize ? until : events.get(events.size() - 1).ordering();
      return Optional.of(Pair.create(next, envelopes(events)));
    }));
  }

  private static List<EventEnvelope<Object>> envelopes(List<TaggedEvent> events) {
    List<EventEnvelope<Object>> envelopes = new ArrayList<>(events.size());
    for (TaggedEvent event : events) {
      envelopes.add(EventEnvelope.create(Offset.sequence(event.ordering()), event.persistenceId(),
          event.sequenceNr(), event.event(), event.timestamp()));
    }
    return envelopes;
  }

  /** One materialized stream's wait on the head, given up when the stream ends. */
  private static final class HeadWait {
    private final AtomicReference<CompletableFuture<Long>> pending = new AtomicReference<>();
    private volatile boolean ended;

    CompletableFuture<Long> on(CompletableFuture<Long> head) {
      pending.set(head);
      // A stream that ended while this page was asked for is waiting no more.
      if (ended) head.cancel(false);
      return head;
    }

    void end() {
      ended = true;
      CompletableFuture<Long> head = pending.get();
      if (head != null) head.cancel(false);
    }
  }

  @Override
  public Offset extractOffset(EventEnvelope<Object> envelope) {
    return envelope.offset();
  }

  @Override
  public long extractCreationTime(EventEnvelope<Object> envelope) {
    return envelope.timestamp();
  }
}
