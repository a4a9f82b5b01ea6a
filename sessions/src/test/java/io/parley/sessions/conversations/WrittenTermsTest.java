package io.parley.sessions.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.persistence.conversations.ConversationTerms.SessionKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WrittenTermsTest {
  private static final SessionKey ADA = new SessionKey("acme", "ada");
  private static final SessionKey BEA = new SessionKey("acme", "bea");

  @Test
  void aCommittedTermIsNotWrittenAgainForItsSessionButIsForAnother() {
    WrittenTerms written = new WrittenTerms();
    written.committed(Map.of(ADA, new LinkedHashSet<>(List.of(7L, 3L, -5L))));

    assertEquals(Map.of(ADA, Set.of(9L), BEA, Set.of(3L)), written.unwritten(Map.of(ADA, List.of(3L, 9L, -5L),
        BEA, List.of(3L))));
    assertEquals(Map.of(), written.unwritten(Map.of(ADA, List.of(7L))), "a session with nothing left is left out");
  }

  @Test
  void aForgottenSessionsTermsAreWrittenAgain() {
    WrittenTerms written = new WrittenTerms();
    written.committed(Map.of(ADA, Set.of(1L)));
    written.forget(ADA);
    assertEquals(Map.of(ADA, Set.of(1L)), written.unwritten(Map.of(ADA, List.of(1L))));
  }

  @Test
  void itRemembersBoundedSessionsAndTermsTheLeastRecentlyWrittenForgottenFirst() {
    WrittenTerms written = new WrittenTerms();
    Set<Long> many = LongStream.range(0, WrittenTerms.TERMS_A_SESSION + 10).boxed()
        .collect(Collectors.toCollection(LinkedHashSet::new));
    written.committed(Map.of(ADA, many));
    assertEquals(10, written.unwritten(Map.of(ADA, many)).get(ADA).size(), "the terms beyond the bound are written again");

    for (int i = 0; i < WrittenTerms.SESSIONS; i++) written.committed(Map.of(new SessionKey("acme", "s" + i), Set.of(1L)));
    assertEquals(Map.of(ADA, Set.of(0L)), written.unwritten(Map.of(ADA, List.of(0L))), "the eldest session forgotten");
    assertEquals(Map.of(), written.unwritten(Map.of(new SessionKey("acme", "s1"), List.of(1L))));
  }
}
