package io.parley.core.memory;

/**
 * One change to the pinned facts, as {@link PinnedFacts#apply(java.util.List, java.time.Instant)}
 * reports it: what an entity persists, one event per change, and replays with
 * {@link PinnedFacts#apply(FactChange)}.
 */
public sealed interface FactChange {
  /** The fact now current. */
  PinnedFact fact();

  /** A new fact: the first value of a single-valued kind, or another value of a multi-valued one. */
  record Pinned(PinnedFact fact) implements FactChange {}

  /** A single-valued kind changed value: {@code previous} is kept as superseded. */
  record Superseded(PinnedFact previous, PinnedFact fact) implements FactChange {
    public Superseded {
      if (!previous.name().equals(fact.name())) {
        throw new IllegalArgumentException(
            "a " + fact.name() + " cannot supersede a " + previous.name());
      }
    }
  }
}
