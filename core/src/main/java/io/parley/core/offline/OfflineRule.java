package io.parley.core.offline;

import io.parley.core.handoff.HumanRequest;
import io.parley.core.language.LanguagePack;
import io.parley.core.language.Phrases;
import io.parley.core.language.Words;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One intent of the offline responder: any of its patterns found in a message selects its answer
 * (offline.answer.<id> in the language packs). The patterns are English; a conversation in another
 * language also reads the words of its pack: a phrase of {@code offline.<id>} in any clause, or every
 * clause exactly a phrase of {@code offline.<id>.alone} (a greeting, a thanks: a message of nothing
 * else), and for {@value #HUMAN} the pack's request for a person ({@link HumanRequest}).
 */
record OfflineRule(String id, List<Pattern> patterns) {
  static final String HUMAN = "human";

  OfflineRule {
    patterns = List.copyOf(patterns);
  }

  /** @param pack the words of the conversation's language, when it is not English */
  boolean matches(String text, Optional<LanguagePack> pack) {
    for (Pattern pattern : patterns) {
      if (pattern.matcher(text).find()) return true;
    }
    return pack.filter(words -> said(text, words)).isPresent();
  }

  private boolean said(String text, LanguagePack pack) {
    List<List<String>> clauses = Words.clauses(text);
    Phrases anywhere = pack.phrases("offline." + id);
    Phrases alone = pack.phrases("offline." + id + ".alone");
    return clauses.stream().anyMatch(anywhere::occursIn)
        || !alone.isEmpty() && !clauses.isEmpty() && clauses.stream().allMatch(clause -> alone.isExactly(clause, 0))
        || id.equals(HUMAN) && HumanRequest.asks(text, pack);
  }
}
