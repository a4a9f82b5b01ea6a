package io.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which readers by tag a move of the journal's head sends to the database. */
class TaggedWritesTest {
  @Test
  void nothingIsReadableBeforeTheFirstHead() {
    assertFalse(TaggedWrites.none().readable("slice-0", 0));
  }

  @Test
  void everyTagMayHoldEventsUpToAHeadWhoseTagsAreNotKnown() {
    TaggedWrites first = TaggedWrites.none().reached(40, Optional.empty());
    assertTrue(first.readable("slice-0", 0));
    assertTrue(first.readable("slice-7", 39));
    assertFalse(first.readable("slice-7", 40), "read up to the head");
  }

  @Test
  void aMoveWakesOnlyTheReadersOfTheTagsItWrote() {
    TaggedWrites moved = TaggedWrites.none().reached(40, Optional.empty()).reached(45, Optional.of(Set.of("slice-3")));
    assertTrue(moved.readable("slice-3", 40));
    assertFalse(moved.readable("slice-4", 40), "slice-4 got nothing after 40");
    assertTrue(moved.readable("slice-4", 12), "a reader behind the floor still has events to read");

    TaggedWrites later = moved.reached(50, Optional.of(Set.of("slice-4")));
    assertTrue(later.readable("slice-3", 40), "slice-3's events between 40 and 45 are still unread");
    assertFalse(later.readable("slice-3", 50));
    assertTrue(later.readable("slice-4", 40), "from where it stood, past the moves it slept through");
    assertEquals(50, later.head());
  }

  @Test
  void aMoveWhoseTagsCouldNotBeReadWakesEveryReader() {
    TaggedWrites failed = TaggedWrites.none().reached(40, Optional.empty()).reached(45, Optional.of(Set.of("slice-3")))
        .reached(47, Optional.empty());
    assertTrue(failed.readable("slice-4", 45));
    assertTrue(failed.readable("slice-3", 45));
    assertEquals(Set.of(), failed.marks().keySet(), "marks below the floor are forgotten");
  }

  @Test
  void aHeadThatDoesNotMoveChangesNothing() {
    TaggedWrites at = TaggedWrites.none().reached(40, Optional.empty());
    assertSame(at, at.reached(40, Optional.of(Set.of("slice-1"))));
    assertSame(at, at.reached(30, Optional.empty()));
  }
}
