package io.parley.core.memory;

/** A fact found in one message, before it is pinned: see {@link FactExtractor}. */
public record ExtractedFact(FactKind kind, String value, long sourceSeq) {
  public ExtractedFact {
    if (value.isBlank()) throw new IllegalArgumentException("an extracted " + kind + " needs a value");
  }
}
