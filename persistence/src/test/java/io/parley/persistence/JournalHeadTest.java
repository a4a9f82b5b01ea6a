package io.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.persistence.jdbc.query.JournalSequenceActor;
import org.junit.jupiter.api.Test;

/**
 * How the journal's head wakes its readers when its questions go wrong: the read journal's head not
 * answered, the tags of a move not read, slow or failed, or a move too wide to ask about. A reader
 * waits only while the node knows its tag got nothing new; whatever the node does not know, every
 * reader reads.
 */
class JournalHeadTest {
  /** Long enough that no test but the one of a hung question sees a question give up. */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

  /** The head's questions, answered by the test. */
  private final List<CompletableFuture<Object>> heads = new ArrayList<>();
  private final List<CompletableFuture<Set<String>>> tags = new ArrayList<>();
  private final List<long[]> tagsAsked = new ArrayList<>();
  private JournalHead head = askedByTheTest(ASK_TIMEOUT);

  private JournalHead askedByTheTest(Duration askTimeout) {
    return new JournalHead(() -> {
      CompletableFuture<Object> answer = new CompletableFuture<>();
      heads.add(answer);
      return answer;
    }, (after, upTo) -> {
      tagsAsked.add(new long[] {after, upTo});
      CompletableFuture<Set<String>> answer = new CompletableFuture<>();
      tags.add(answer);
      return answer;
    }, askTimeout, 100);
  }

  private void headAt(long ordering) {
    head.ask();
    heads.getLast().complete(new JournalSequenceActor.MaxOrderingId(ordering));
  }

  /** A reader of {@code even} that has read up to the first head (10), once the head moved on to {@code to}. */
  private CompletionStage<Long> evenReaderOnceTheHeadMovesTo(long to) {
    headAt(10);
    CompletionStage<Long> even = head.after("even", 10);
    headAt(to);
    return even;
  }

  private static long awaited(CompletionStage<Long> reader) throws Exception {
    return reader.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aMoveWakesTheReadersOfTheTagsItWroteAndNoOthers() throws Exception {
    headAt(10);
    assertEquals(0, tagsAsked.size(), "the first head is read by every reader without a question");
    CompletionStage<Long> odd = head.after("odd", 10);
    CompletionStage<Long> even = head.after("even", 10);
    headAt(15);
    assertEquals(10, tagsAsked.getFirst()[0]);
    assertEquals(15, tagsAsked.getFirst()[1]);
    tags.getFirst().complete(Set.of("odd"));
    assertEquals(15, awaited(odd));
    assertFalse(even.toCompletableFuture().isDone(), "nothing of its tag was written");
  }

  @Test
  void aFailedQuestionOfTheTagsWakesEveryReader() throws Exception {
    CompletionStage<Long> even = evenReaderOnceTheHeadMovesTo(15);
    tags.getFirst().completeExceptionally(new IllegalStateException("connection lost"));
    assertEquals(15, awaited(even));
  }

  @Test
  void aQuestionOfTheTagsThatHangsWakesEveryReaderAfterTheAskTimeout() throws Exception {
    head = askedByTheTest(Duration.ofMillis(200));
    CompletionStage<Long> even = evenReaderOnceTheHeadMovesTo(15);
    assertFalse(even.toCompletableFuture().isDone());
    assertEquals(15, awaited(even));
    head.ask();
    assertEquals(3, heads.size(), "the head is asked again once the hung question gave up");
  }

  @Test
  void aQuestionOfTheTagsThatCannotStartWakesEveryReader() throws Exception {
    AtomicLong ordering = new AtomicLong();
    JournalHead refusing = new JournalHead(
        () -> CompletableFuture.completedFuture(new JournalSequenceActor.MaxOrderingId(ordering.addAndGet(10))),
        (after, upTo) -> {
          throw new IllegalStateException("the pool is closed");
        }, ASK_TIMEOUT, 100);
    refusing.ask();
    CompletionStage<Long> even = refusing.after("even", 10);
    refusing.ask();
    assertEquals(20, awaited(even));
  }

  @Test
  void aMoveWiderThanTheSequenceBatchIsReadByEveryReaderWithoutAQuestion() throws Exception {
    CompletionStage<Long> even = evenReaderOnceTheHeadMovesTo(111);
    assertEquals(111, awaited(even));
    assertEquals(0, tagsAsked.size());
  }

  @Test
  void anUnansweredHeadLeavesReadersWaitingAndIsAskedAgain() throws Exception {
    headAt(10);
    CompletionStage<Long> even = head.after("even", 10);
    head.ask();
    head.ask();
    assertEquals(2, heads.size(), "one question at a time");
    heads.getLast().completeExceptionally(new RuntimeException("ask timed out"));
    assertFalse(even.toCompletableFuture().isDone());
    headAt(12);
    tags.getFirst().complete(Set.of("even"));
    assertEquals(12, awaited(even));
  }

  @Test
  void aReaderThatStopsWaitingIsForgotten() throws Exception {
    headAt(10);
    CompletableFuture<Long> stopped = head.after("even", 10);
    CompletableFuture<Long> reading = head.after("odd", 10);
    assertEquals(2, head.readersWaiting());

    stopped.cancel(false);

    assertEquals(1, head.readersWaiting());
    headAt(12);
    tags.getFirst().complete(Set.of("even", "odd"));
    assertEquals(12, awaited(reading));
    assertEquals(0, head.readersWaiting());
  }
}
