package io.parley.sessions.entity.turns;

import io.parley.core.memory.ExtractedFact;
import io.parley.core.memory.FactChange;
import io.parley.core.memory.FactExtractor;
import io.parley.core.memory.PinnedFact;
import io.parley.core.session.ChatMessage;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The events a stored message causes: the message's own event, then one {@code FactPinned} per
 * fact it pins or supersedes. They are persisted together, so a fact never exists without the
 * message it came from, and replay rebuilds the facts that were pinned whatever later versions
 * of the extraction rules would say.
 */
public final class FactEvents {
  private static final FactExtractor EXTRACTOR = new FactExtractor();

  private FactEvents() {}

  public static List<SessionEvent> with(SessionEvent messageEvent, ChatMessage message, ConversationNotes notes) {
    List<ExtractedFact> extracted = EXTRACTOR.extract(message);
    if (extracted.isEmpty()) return List.of(messageEvent);
    List<SessionEvent> events = new ArrayList<>();
    events.add(messageEvent);
    for (FactChange change : notes.pinnedFacts().apply(extracted, message.at()).changes()) {
      PinnedFact fact = change.fact();
      Optional<String> supersedes = change instanceof FactChange.Superseded superseded
          ? Optional.of(superseded.previous().value()) : Optional.empty();
      events.add(new SessionEvent.FactPinned(fact.name(), fact.value(), fact.sourceSeq(), supersedes, fact.at()));
    }
    return events;
  }
}
