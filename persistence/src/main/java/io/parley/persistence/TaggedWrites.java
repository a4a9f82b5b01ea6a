package io.parley.persistence;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a node knows of the journal's writes per tag: how far the journal can be read ({@code head}),
 * and for each tag the head at which it last got events, so that a reader of one tag asks the
 * database only when its tag was written past what it has read. Up to {@code floor} the node does
 * not know which tags were written (it learned its first head, or could not ask), so every tag
 * counts as written there.
 *
 * <p>Tags are few (the conversations slices'); a move whose tags are not known raises the floor to
 * the new head and forgets every mark below it.
 */
record TaggedWrites(long head, long floor, Map<String, Long> marks) {
  TaggedWrites {
    marks = Map.copyOf(marks);
  }

  /** Before the first head: nothing to read. */
  static TaggedWrites none() {
    return new TaggedWrites(0, 0, Map.of());
  }

  /**
   * The journal read up to {@code newHead}, whose events after the previous head carry {@code tags};
   * with none named, which tags were written is not known, and any may have been.
   */
  TaggedWrites reached(long newHead, Optional<Set<String>> tags) {
    if (newHead <= head) return this;
    if (tags.isEmpty()) return new TaggedWrites(newHead, newHead, Map.of());
    Map<String, Long> next = new HashMap<>(marks);
    for (String tag : tags.get()) next.put(tag, newHead);
    return new TaggedWrites(newHead, floor, next);
  }

  /** Whether a reader of {@code tag} that has read up to {@code offset} may find events of it up to the head. */
  boolean readable(String tag, long offset) {
    return head > offset && Math.max(floor, marks.getOrDefault(tag, 0L)) > offset;
  }
}
