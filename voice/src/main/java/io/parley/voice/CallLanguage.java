package io.parley.voice;

import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.LanguagePack;
import io.parley.voice.media.TurnDetector;
import java.util.Optional;

/**
 * The language a call's turn detector reads the caller's words in: its conversation's, as the
 * session has decided it (the start's, the tenant's or detected from the first utterances), English
 * until then. The call asks the session's view when it starts and after each utterance the session
 * accepted, until the conversation has a language: detection needs the caller's first words.
 */
final class CallLanguage {
  private final TurnDetector turns;
  private boolean decided;

  CallLanguage(TurnDetector turns) {
    this.turns = turns;
  }

  /** Whether the session may know something the call does not yet. */
  boolean worthAsking() {
    return !decided;
  }

  /** What the session's view says of the conversation's language. */
  void heard(Optional<ConversationLanguage> language) {
    language.ifPresent(known -> {
      decided = true;
      turns.speaks(LanguagePack.of(Optional.of(known.tag())));
    });
  }
}
