package io.parley.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.prompt.TokenCounter;
import io.parley.core.prompt.TokenEstimator;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SummaryPolicyTest {
  private final TokenCounter counter = new TokenEstimator();
  private final SummaryPolicy policy = new SummaryPolicy(counter, 8, 1_000, 3_000);

  @Test
  void waitsUntilEnoughHasFallenOutOfTheWindow() {
    List<ChatMessage> history = turns(10);
    assertEquals(Optional.empty(), policy.nextRange(history, 0, 0));
    assertEquals(Optional.empty(), policy.nextRange(history, 0, 6));
    assertEquals(Optional.of(new SeqRange(1, 8)), policy.nextRange(history, 0, 8));
  }

  @Test
  void countsOnlyWhatTheSummaryDoesNotCoverYet() {
    List<ChatMessage> history = turns(20);
    assertEquals(Optional.empty(), policy.nextRange(history, 8, 14));
    assertEquals(Optional.of(new SeqRange(9, 16)), policy.nextRange(history, 8, 16));
    // A caller that no longer passes what the summary covers gets the same answer.
    List<ChatMessage> uncovered = history.subList(8, history.size());
    assertEquals(Optional.of(new SeqRange(9, 16)), policy.nextRange(uncovered, 8, 8));
  }

  /**
   * A first message of about 1,000 tokens is enough to fold, and one over the cap of 3,000 still folds
   * with its answer as one range.
   */
  @ParameterizedTest
  @MethodSource("longPastes")
  void aLongFirstMessageFoldsWithItsAnswerAsOneRange(String paste) {
    List<ChatMessage> history = List.of(
        message(1, Role.USER, paste, "t1"),
        message(2, Role.ASSISTANT, "That looks like a gateway timeout.", "t1"),
        message(3, Role.USER, "Any news?", "t2"));
    assertTrue(counter.count(paste) >= 1_000);
    assertEquals(Optional.of(new SeqRange(1, 2)), policy.nextRange(history, 0, 2));
  }

  static Stream<String> longPastes() {
    return Stream.of("The checkout page shows error 502 again and again. ".repeat(90),
        "ERROR PaymentGateway timeout after 30000 ms\n".repeat(400));
  }

  @Test
  void neverSplitsAQuestionFromItsAnswer() {
    List<ChatMessage> history = turns(10);
    // Nine messages are out: the ninth is a question whose answer is still in the window.
    assertEquals(Optional.of(new SeqRange(1, 8)), policy.nextRange(history, 0, 9));
  }

  @Test
  void queuedQuestionsEndATurnBoundaryOnlyAfterBothAnswers() {
    // q1 and q2 were sent before a1 came: seqs q1=1, q2=2, a1=3, a2=4; the prompt reads them in
    // turn order q1, a1, q2, a2.
    List<ChatMessage> history = new ArrayList<>();
    history.add(message(1, Role.USER, "Where is order 1042?", "t1"));
    history.add(message(3, Role.ASSISTANT, "It shipped yesterday.", "t1"));
    history.add(message(2, Role.USER, "And order 1043?", "t2"));
    history.add(message(4, Role.ASSISTANT, "That one ships tomorrow.", "t2"));
    for (int seq = 5; seq <= 16; seq += 2) {
      history.add(message(seq, Role.USER, "Question " + seq, "t" + seq));
      history.add(message(seq + 1, Role.ASSISTANT, "Answer " + seq, "t" + seq));
    }
    history.add(message(17, Role.USER, "Last question", "t17"));
    SummaryPolicy eager = new SummaryPolicy(counter, 1, 1, 3_000);

    // q1 and a1 are out, but seq 2 (q2) is in the window: no boundary before it.
    assertEquals(Optional.empty(), eager.nextRange(history, 0, 2));
    // q1, a1 and q2 are out: seq 3 (a1) is out, but the turn of q2 ends at 4.
    assertEquals(Optional.empty(), eager.nextRange(history, 0, 3));
    assertEquals(Optional.of(new SeqRange(1, 4)), eager.nextRange(history, 0, 4));
  }

  @Test
  void splitsALargeBacklogIntoRangesThatFollowEachOther() {
    String answer = "Your parcel left our warehouse and is with the courier now. ".repeat(8);
    List<ChatMessage> history = new ArrayList<>();
    for (int turn = 1; turn <= 40; turn++) {
      history.add(message(2 * turn - 1, Role.USER, "Where is order " + (1000 + turn) + "?", "t" + turn));
      history.add(message(2 * turn, Role.ASSISTANT, answer, "t" + turn));
    }
    history.add(message(81, Role.USER, "Thanks", "t41"));

    long covered = 0;
    List<SeqRange> ranges = new ArrayList<>();
    for (Optional<SeqRange> next = policy.nextRange(history, covered, 80); next.isPresent();
        next = policy.nextRange(history, covered, 80)) {
      ranges.add(next.get());
      covered = next.get().toSeq();
    }
    assertTrue(ranges.size() > 1, "" + ranges);
    assertEquals(80, covered);
    for (SeqRange range : ranges) {
      int tokens = range.select(history).stream().mapToInt(m -> counter.count(m.text())).sum();
      assertTrue(tokens <= 3_000, range + " has " + tokens + " tokens");
      assertEquals(0, range.toSeq() % 2, "ends mid-turn: " + range);
    }
  }

  @Test
  void rangesOverALongConversationFollowEachOtherEndAtTurnsAndOnlyTakeWhatFellOut() {
    // 300 turns: mostly question and answer, some queued pairs, some unanswered (failed)
    // turns and system notes; the window's size varies from turn to turn.
    List<ChatMessage> transcript = new ArrayList<>();
    Random random = new Random(42);
    long seq = 0;
    int turn = 0;
    while (turn < 300) {
      int kind = random.nextInt(10);
      if (kind == 0 && turn < 298) {
        String a = "t" + ++turn;
        String b = "t" + ++turn;
        transcript.add(message(++seq, Role.USER, sentence(random), a));
        transcript.add(message(++seq, Role.USER, sentence(random), b));
        transcript.add(message(++seq, Role.ASSISTANT, sentence(random), a));
        transcript.add(message(++seq, Role.ASSISTANT, sentence(random), b));
      } else if (kind == 1) {
        transcript.add(message(++seq, Role.USER, sentence(random), "t" + ++turn));
      } else if (kind == 2) {
        transcript.add(message(++seq, Role.SYSTEM, "The customer switched to voice.", null));
      } else {
        String t = "t" + ++turn;
        transcript.add(message(++seq, Role.USER, sentence(random), t));
        transcript.add(message(++seq, Role.ASSISTANT, sentence(random) + " " + sentence(random), t));
      }
    }

    long covered = 0;
    List<SeqRange> ranges = new ArrayList<>();
    for (ChatMessage question : transcript) {
      if (question.role() != Role.USER) continue;
      List<ChatMessage> history = conversationUpTo(transcript, question);
      int window = 3 + random.nextInt(12);
      int omitted = Math.max(0, history.size() - window);
      Set<Long> outside = new HashSet<>();
      for (ChatMessage m : history.subList(0, omitted)) outside.add(m.seq());
      for (Optional<SeqRange> next = policy.nextRange(history, covered, omitted); next.isPresent();
          next = policy.nextRange(history, covered, omitted)) {
        SeqRange range = next.get();
        assertEquals(covered + 1, range.fromSeq(), "hole or overlap before " + range);
        List<ChatMessage> folded = transcript.stream().filter(m -> range.contains(m.seq())).toList();
        assertTrue(folded.stream().allMatch(m -> outside.contains(m.seq())), range + " takes a message in the window");
        int tokens = folded.stream().mapToInt(m -> counter.count(m.text())).sum();
        assertTrue(folded.size() >= 8 || tokens >= 1_000, range + " folded before the threshold");
        ranges.add(range);
        covered = range.toSeq();
      }
    }

    assertTrue(ranges.size() > 20, "only " + ranges.size() + " ranges");
    // Every message of a turn lies in the same range, or in none.
    Map<String, Set<Integer>> rangesOfTurn = new HashMap<>();
    for (ChatMessage m : transcript) {
      if (m.turnId() == null) continue;
      int index = -1;
      for (int i = 0; i < ranges.size(); i++) {
        if (ranges.get(i).contains(m.seq())) index = i;
      }
      rangesOfTurn.computeIfAbsent(m.turnId(), k -> new HashSet<>()).add(index);
    }
    rangesOfTurn.forEach((turnId, indexes) ->
        assertEquals(1, indexes.size(), "turn " + turnId + " split: " + indexes));
  }

  @Test
  void rejectsThresholdsThatCannotWork() {
    assertThrows(IllegalArgumentException.class, () -> new SummaryPolicy(counter, 0, 10, 100));
    assertThrows(IllegalArgumentException.class, () -> new SummaryPolicy(counter, 8, 1_000, 999));
    assertThrows(IllegalArgumentException.class, () -> new SeqRange(5, 4));
  }

  /** As the sessions module's Transcript orders them: each turn's question, then its answer. */
  static List<ChatMessage> conversationUpTo(List<ChatMessage> transcript, ChatMessage question) {
    Map<String, Long> turnOrder = new HashMap<>();
    for (ChatMessage m : transcript) {
      if (m.role() == Role.USER) turnOrder.put(m.turnId(), m.seq());
    }
    return transcript.stream()
        .filter(m -> order(turnOrder, m) <= question.seq())
        .filter(m -> !(question.turnId().equals(m.turnId()) && m.role() != Role.USER))
        .sorted((x, y) -> order(turnOrder, x) != order(turnOrder, y)
            ? Long.compare(order(turnOrder, x), order(turnOrder, y))
            : Long.compare(x.seq(), y.seq()))
        .toList();
  }

  private static long order(Map<String, Long> turnOrder, ChatMessage m) {
    return m.turnId() == null ? m.seq() : turnOrder.getOrDefault(m.turnId(), m.seq());
  }

  private static String sentence(Random random) {
    String[] words = {"order", "parcel", "delivery", "refund", "label", "courier", "address",
        "warehouse", "tracking", "today", "yesterday", "please", "the", "my", "is", "was", "not"};
    StringBuilder s = new StringBuilder("Well");
    for (int i = 0, n = 5 + random.nextInt(25); i < n; i++) s.append(' ').append(words[random.nextInt(words.length)]);
    return s.append('.').toString();
  }

  private static List<ChatMessage> turns(int count) {
    List<ChatMessage> history = new ArrayList<>();
    for (int seq = 1; seq <= count; seq++) {
      String turn = "t" + ((seq + 1) / 2);
      history.add(message(seq, seq % 2 == 1 ? Role.USER : Role.ASSISTANT, "Message " + seq, turn));
    }
    if (history.get(history.size() - 1).role() != Role.USER) {
      history.add(message(count + 1, Role.USER, "Message " + (count + 1), "t" + (count / 2 + 1)));
    }
    return history;
  }

  static ChatMessage message(long seq, Role role, String text, String turnId) {
    return new ChatMessage(seq, role, text, turnId, Instant.EPOCH.plusSeconds(seq));
  }
}
