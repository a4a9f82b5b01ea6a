package io.parley.tools.kb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every chunk of one {@link TenantIndex} read in one language ({@link ChunkReading}), and which
 * chunks hold each term: what tells, without a search, the chunks that hold enough of a question's
 * words to answer it, and none at all for a question whose words no article has.
 */
final class IndexReading {
  private final List<ChunkReading> chunks;
  private final Map<String, List<Integer>> slotsByTerm;

  private IndexReading(List<ChunkReading> chunks, Map<String, List<Integer>> slotsByTerm) {
    this.chunks = chunks;
    this.slotsByTerm = slotsByTerm;
  }

  static IndexReading of(List<IndexedChunk> indexed, String language) {
    List<ChunkReading> chunks = new ArrayList<>(indexed.size());
    Map<String, List<Integer>> slotsByTerm = new HashMap<>();
    for (int slot = 0; slot < indexed.size(); slot++) {
      ChunkReading reading = ChunkReading.of(indexed.get(slot), language);
      chunks.add(reading);
      for (String term : reading.terms()) slotsByTerm.computeIfAbsent(term, t -> new ArrayList<>()).add(slot);
    }
    slotsByTerm.replaceAll((term, slots) -> List.copyOf(slots));
    return new IndexReading(List.copyOf(chunks), Map.copyOf(slotsByTerm));
  }

  ChunkReading chunk(int slot) {
    return chunks.get(slot);
  }

  /** The slots of the chunks that hold at least {@code needed} of {@code terms}, in slot order. */
  List<Integer> holding(Set<String> terms, int needed) {
    int[] held = new int[chunks.size()];
    for (String term : terms) {
      for (int slot : slotsByTerm.getOrDefault(term, List.of())) held[slot]++;
    }
    List<Integer> holding = new ArrayList<>();
    for (int slot = 0; slot < held.length; slot++) {
      if (held[slot] >= needed) holding.add(slot);
    }
    return holding;
  }
}
