package io.parley.sessions.conversations;

import io.parley.persistence.conversations.ConversationTerms.SessionKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The search terms committed batches of a slice wrote for the sessions it folded last ({@value
 * #SESSIONS} of them, up to {@value #TERMS_A_SESSION} terms each): a conversation repeats its words
 * from one batch to the next, and a term known to be written is a statement the next batch does not
 * send. Only what a batch committed is remembered, so a rolled-back batch's terms are written
 * again; a term not remembered is written again too, which the table's insert ignores. One slice's
 * handler uses it, one batch at a time.
 */
final class WrittenTerms {
  static final int SESSIONS = 256;
  static final int TERMS_A_SESSION = 4096;
  private static final long[] NONE = {};

  /** Each session's terms, sorted; the session least recently written forgotten first. */
  private final Map<SessionKey, long[]> written = RecentlyUsed.atMost(SESSIONS);

  /** The terms of {@code batch} not known to be written, by session (a session with none left out). */
  Map<SessionKey, Set<Long>> unwritten(Map<SessionKey, ? extends Collection<Long>> batch) {
    Map<SessionKey, Set<Long>> left = new LinkedHashMap<>();
    for (Map.Entry<SessionKey, ? extends Collection<Long>> session : batch.entrySet()) {
      long[] known = written.getOrDefault(session.getKey(), NONE);
      Set<Long> terms = new LinkedHashSet<>();
      for (long term : session.getValue()) if (Arrays.binarySearch(known, term) < 0) terms.add(term);
      if (!terms.isEmpty()) left.put(session.getKey(), terms);
    }
    return left;
  }

  /** {@code batch}'s terms are committed. */
  void committed(Map<SessionKey, Set<Long>> batch) {
    for (Map.Entry<SessionKey, Set<Long>> session : batch.entrySet()) {
      long[] known = written.getOrDefault(session.getKey(), NONE);
      int room = TERMS_A_SESSION - known.length;
      if (room <= 0) continue;
      long[] merged = Arrays.copyOf(known, known.length + Math.min(room, session.getValue().size()));
      int at = known.length;
      for (Iterator<Long> terms = session.getValue().iterator(); at < merged.length; at++) merged[at] = terms.next();
      Arrays.sort(merged);
      written.put(session.getKey(), merged);
    }
  }

  /** The session's terms were deleted with its row. */
  void forget(SessionKey session) {
    written.remove(session);
  }
}
