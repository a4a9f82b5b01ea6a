package io.parley.core.memory;

/** A recalled memory and its similarity to the query (cosine, -1 to 1). */
public record MemoryHit(MemoryEntry entry, double score) {}
