package io.parley.sessions.conversations;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.ClassResource;
import io.parley.persistence.TaggedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A slice's events read page by page as the journal's head allows, the head and the journal played
 * by the test: what the slice reads, and that a slice whose stream ends stops waiting on the head.
 */
class SliceEventsTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final String TAG = "sessions-3";

  /** The head's answers the slice waits on, in the order it asked. */
  private final LinkedBlockingQueue<CompletableFuture<Long>> waits = new LinkedBlockingQueue<>();

  private final SliceEvents events = new SliceEvents(TAG, (tag, offset) -> {
    CompletableFuture<Long> head = new CompletableFuture<>();
    waits.add(head);
    return head;
  }, (tag, offset, maxOffset, limit) -> CompletableFuture.completedFuture(
      List.of(new TaggedEvent(offset + 1, "ChatSession|acme|" + offset, 1, 0, "event after " + offset))), 2);

  @Test
  void aSliceReadsFromItsCommittedOffsetAsTheHeadAllowsAndStopsWaitingWhenItsStreamEnds() throws Exception {
    var running = events.source(() -> CompletableFuture.completedFuture(Optional.of(Offset.sequence(41))))
        .toCompletableFuture().get(5, TimeUnit.SECONDS)
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.seq(), Keep.both())
        .run(testKit.system());
    UniqueKillSwitch stop = running.first();

    CompletableFuture<Long> first = waits.poll(5, TimeUnit.SECONDS);
    first.complete(45L);
    CompletableFuture<Long> second = waits.poll(5, TimeUnit.SECONDS);
    stop.shutdown();

    List<EventEnvelope<Object>> read = running.second().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(List.of("event after 41"), read.stream().map(EventEnvelope::event).toList());
    assertEquals(Offset.sequence(42), read.getFirst().offset());
    await("the second wait given up").atMost(Duration.ofSeconds(5)).until(second::isCancelled);
    assertTrue(second.isCancelled(), "the ended stream's wait on the head was given up");
  }
}
