package io.parley.sessions;

import io.parley.core.session.ChatMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.parley.core.session.Role;

/**
 * The persisted messages of a session, in seq order (message {@code n} has seq {@code n}), and
 * the client message ids already seen, for idempotent appends. Immutable: appending copies.
 */
public record Transcript(List<ChatMessage> messages, Map<String, Long> seqByClientMsgId) {
  public Transcript {
    messages = List.copyOf(messages);
    seqByClientMsgId = Map.copyOf(seqByClientMsgId);
  }

  public static Transcript empty() {
    return new Transcript(List.of(), Map.of());
  }

  public long lastSeq() {
    return messages.size();
  }

  public long nextSeq() {
    return messages.size() + 1L;
  }

  public Transcript append(ChatMessage message, Optional<String> clientMsgId) {
    if (message.seq() != nextSeq()) {
      throw new IllegalStateException("message seq " + message.seq() + " does not follow " + lastSeq());
    }
    List<ChatMessage> appended = new ArrayList<>(messages.size() + 1);
    appended.addAll(messages);
    appended.add(message);
    Map<String, Long> ids = seqByClientMsgId;
    if (clientMsgId.isPresent()) {
      ids = new HashMap<>(seqByClientMsgId);
      ids.put(clientMsgId.get(), message.seq());
    }
    return new Transcript(Collections.unmodifiableList(appended), ids);
  }

  public Optional<ChatMessage> bySeq(long seq) {
    return seq >= 1 && seq <= messages.size() ? Optional.of(messages.get((int) seq - 1)) : Optional.empty();
  }

  public Optional<ChatMessage> byClientMsgId(String clientMsgId) {
    return Optional.ofNullable(seqByClientMsgId.get(clientMsgId)).flatMap(this::bySeq);
  }

  /** Messages with {@code seq > afterSeq}, for a client resuming where it left off. */
  public List<ChatMessage> after(long afterSeq) {
    if (afterSeq >= messages.size()) return List.of();
    return messages.subList((int) Math.max(0, afterSeq), messages.size());
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

  /** The assistant answer of a turn, if it was given. */
  public Optional<ChatMessage> answerOf(String turnId) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      ChatMessage m = messages.get(i);
      if (m.turnId().equals(turnId) && m.role() == Role.ASSISTANT) return Optional.of(m);
    }
    return Optional.empty();
  }
}
