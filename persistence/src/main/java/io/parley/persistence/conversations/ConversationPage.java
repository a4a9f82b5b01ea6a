package io.parley.persistence.conversations;

import java.util.List;
import java.util.Optional;

/** A page of conversations and, when more follow, where the next page starts. */
public record ConversationPage(List<ConversationRow> conversations, Optional<ConversationQuery.Position> next) {
  public ConversationPage {
    conversations = List.copyOf(conversations);
  }
}
