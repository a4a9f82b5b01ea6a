package io.parley.sessions.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.core.citation.Citation;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Heard;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The persisted messages of a session, in seq order, and the client message ids already seen, for
 * idempotent appends. Seqs are never reused: {@code lastSeq} is the last one given, and a spoken
 * answer nobody heard leaves a gap where it was withdrawn. Immutable: a change makes a new transcript,
 * which shares the older messages with this one rather than copying them. Snapshots from
 * before withdrawals existed have no {@code lastSeq}; it is their last message's. {@code heardBySeq}
 * says how each spoken user message was transcribed, {@code optionsBySeq} the replies each bot
 * message offered to tap, {@code citationsBySeq} the articles each answer cites (neither in snapshots
 * from before they existed).
 */
public record Transcript(List<ChatMessage> messages, Map<String, Long> seqByClientMsgId, long lastSeq,
    Map<Long, Heard> heardBySeq,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<Long, List<ReplyOption>> optionsBySeq,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<Long, List<Citation>> citationsBySeq) {
  public Transcript {
    optionsBySeq = optionsBySeq == null ? Map.of() : Map.copyOf(optionsBySeq);
    citationsBySeq = citationsBySeq == null ? Map.of() : Map.copyOf(citationsBySeq);
    // Appending copies only the newest part of each (a long conversation is not copied per message).
    messages = GrowingList.of(messages);
    seqByClientMsgId = GrowingMap.of(seqByClientMsgId);
    heardBySeq = heardBySeq == null ? Map.of() : Map.copyOf(heardBySeq);
    if (!messages.isEmpty()) lastSeq = Math.max(lastSeq, messages.get(messages.size() - 1).seq());
  }

  public Transcript(List<ChatMessage> messages, Map<String, Long> seqByClientMsgId, long lastSeq,
      Map<Long, Heard> heardBySeq) {
    this(messages, seqByClientMsgId, lastSeq, heardBySeq, Map.of(), Map.of());
  }

  public static Transcript empty() {
    return new Transcript(List.of(), Map.of(), 0, Map.of());
  }

  public long nextSeq() {
    return lastSeq + 1;
  }

  public Transcript append(ChatMessage message, Optional<String> clientMsgId) {
    if (message.seq() != nextSeq()) {
      throw new IllegalStateException("message seq " + message.seq() + " does not follow " + lastSeq());
    }
    Map<String, Long> ids = clientMsgId
        .<Map<String, Long>>map(id -> GrowingMap.of(seqByClientMsgId).plus(id, message.seq()))
        .orElse(seqByClientMsgId);
    return new Transcript(GrowingList.of(messages).plus(message), ids, message.seq(), heardBySeq, optionsBySeq, citationsBySeq);
  }

  /**
   * The answer at {@code seq} cut to what the customer heard of it, marked interrupted; withdrawn
   * when nothing was heard. Its seq stays used.
   */
  public Transcript cut(long seq, String heard) {
    int index = indexOf(seq);
    if (index < 0) return this;
    List<ChatMessage> changed = new ArrayList<>(messages);
    if (heard.isBlank()) {
      changed.remove(index);
    } else {
      changed.set(index, messages.get(index).cutTo(heard));
    }
    return new Transcript(changed, seqByClientMsgId, lastSeq, heardBySeq, optionsBySeq, citationsBySeq);
  }

  /** Records how the message at {@code seq} was heard, when it was spoken. */
  public Transcript heard(long seq, Optional<Heard> heard) {
    if (heard.isEmpty()) return this;
    Map<Long, Heard> spoken = new HashMap<>(heardBySeq);
    spoken.put(seq, heard.get());
    return new Transcript(messages, seqByClientMsgId, lastSeq, spoken, optionsBySeq, citationsBySeq);
  }

  /** Records the replies the message at {@code seq} offers to tap, when it offers any. */
  public Transcript offered(long seq, List<ReplyOption> options) {
    if (options.isEmpty()) return this;
    return new Transcript(messages, seqByClientMsgId, lastSeq, heardBySeq, with(optionsBySeq, seq, options), citationsBySeq);
  }

  /** The replies the message at {@code seq} offered to tap; none for most. */
  public List<ReplyOption> optionsOf(long seq) {
    return optionsBySeq.getOrDefault(seq, List.of());
  }

  /** Records the articles the answer at {@code seq} cites, when it cites any. */
  public Transcript cited(long seq, List<Citation> citations) {
    if (citations.isEmpty()) return this;
    return new Transcript(messages, seqByClientMsgId, lastSeq, heardBySeq, optionsBySeq, with(citationsBySeq, seq, citations));
  }

  private static <T> Map<Long, List<T>> with(Map<Long, List<T>> bySeq, long seq, List<T> values) {
    Map<Long, List<T>> changed = new HashMap<>(bySeq);
    changed.put(seq, List.copyOf(values));
    return changed;
  }

  /** The articles the answer at {@code seq} cites; none for most messages. */
  public List<Citation> citationsOf(long seq) {
    return citationsBySeq.getOrDefault(seq, List.of());
  }

  /** Whether the message at {@code seq} carries more than itself: replies to tap, or citations. */
  public boolean carriesMore(long seq) {
    return optionsBySeq.containsKey(seq) || citationsBySeq.containsKey(seq);
  }

  public Optional<ChatMessage> bySeq(long seq) {
    int index = indexOf(seq);
    return index < 0 ? Optional.empty() : Optional.of(messages.get(index));
  }

  private int indexOf(long seq) {
    int low = 0;
    int high = messages.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long midSeq = messages.get(mid).seq();
      if (midSeq == seq) return mid;
      if (midSeq < seq) low = mid + 1; else high = mid - 1;
    }
    return -1;
  }

  public Optional<ChatMessage> byClientMsgId(String clientMsgId) {
    return Optional.ofNullable(seqByClientMsgId.get(clientMsgId)).flatMap(this::bySeq);
  }

  /** Messages with {@code seq > afterSeq}, for a client resuming where it left off. */
  public List<ChatMessage> after(long afterSeq) {
    int index = messages.size();
    while (index > 0 && messages.get(index - 1).seq() > afterSeq) index--;
    return messages.subList(index, messages.size());
  }

  /**
   * What the turn answering {@code question} may see, in conversation order: every earlier turn's
   * question followed by its answer, then the question. Seq order differs when messages queued up
   * during a turn (q1, q2, a1): the model must read q1, a1, q2, and never a later question.
   */
  public List<ChatMessage> conversationUpTo(ChatMessage question) {
    Map<String, Long> turnOrder = new HashMap<>();
    for (ChatMessage m : messages) {
      if (m.role() == Role.USER) turnOrder.put(m.turnId(), m.seq());
    }
    return messages.stream()
        .filter(m -> turnOrder.getOrDefault(m.turnId(), m.seq()) <= question.seq())
        .sorted(Comparator.comparingLong((ChatMessage m) -> turnOrder.getOrDefault(m.turnId(), m.seq()))
            .thenComparingLong(ChatMessage::seq))
        .filter(m -> !(m.turnId().equals(question.turnId()) && m.role() != Role.USER))
        .toList();
  }

  /** The user message that asked a turn. Searched from the end: the turns still to answer are the newest. */
  public Optional<ChatMessage> questionOf(String turnId) {
    return lastOfTurn(turnId, Role.USER);
  }

  /** The assistant answer of a turn, if it was given. */
  public Optional<ChatMessage> answerOf(String turnId) {
    return lastOfTurn(turnId, Role.ASSISTANT);
  }

  private Optional<ChatMessage> lastOfTurn(String turnId, Role role) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      ChatMessage m = messages.get(i);
      if (m.turnId().equals(turnId) && m.role() == role) return Optional.of(m);
    }
    return Optional.empty();
  }
}
