package io.parley.persistence.memory;

import io.parley.core.memory.EmbeddingModel;
import io.parley.core.memory.MemoryHit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a user's memories a new session is given, in what order. Pure: the memories and the
 * query's vector in, hits out.
 *
 * <p><b>Superseded facts.</b> A fact of a single-valued kind (by default {@code customer_name},
 * {@code email}, {@code phone}) is superseded by any newer fact of the same kind: newer means from
 * the session that closed later, and within one session the later fact. Other kinds (order and
 * ticket numbers, commitments) accumulate; only a repeat of the same kind and text is superseded
 * by its newer copy. Episodes are never superseded. Superseded memories are not recalled.
 *
 * <p><b>Selection.</b> Half the limit (rounded down) is reserved for context a returning customer's
 * first words need not resemble: first the current single-valued facts, in the order of {@link
 * #singleValuedKinds} (who the bot is talking to, even when the session opens with "hi"), then the
 * newest episode (where the last conversation left off: "any news?" continues it in words unlike
 * its summary), then the other current facts, most similar first (while a user has few facts, they
 * all come back). The remaining slots go to the most similar of all other memories whose cosine
 * similarity is at least {@link #minScore}: an unrelated old conversation is noise in the prompt
 * and costs tokens. The result is ordered by similarity, best first, newest first among equals.
 * With no query (a blank one), only the reserved context comes back.
 *
 * @param singleValuedKinds fact kinds that hold one value per user, in the order they are reserved
 * @param minScore the similarity below which a memory is left out unless reserved; 0.3 suits
 *     all-MiniLM-L6-v2, where a related sentence scores 0.5 to 0.7 and an unrelated one 0 to 0.3
 */
record RecallPolicy(List<String> singleValuedKinds, double minScore) {
  public static final RecallPolicy DEFAULT = new RecallPolicy(List.of("customer_name", "email", "phone"), 0.3);

  public RecallPolicy {
    singleValuedKinds = List.copyOf(singleValuedKinds);
    if (!(minScore >= -1 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore is a cosine similarity from -1 to 1, got " + minScore);
    }
  }

  /** Every episode, and of the facts those not superseded (see the class comment), in the order given. */
  List<StoredMemory> current(List<StoredMemory> memories) {
    Map<String, StoredMemory> newestFacts = new HashMap<>();
    for (StoredMemory memory : memories) {
      if (!memory.isFact()) continue;
      newestFacts.merge(slot(memory), memory, (kept, candidate) -> candidate.isNewerThan(kept) ? candidate : kept);
    }
    List<StoredMemory> current = new ArrayList<>();
    for (StoredMemory memory : memories) {
      if (!memory.isFact() || newestFacts.get(slot(memory)) == memory) current.add(memory);
    }
    return current;
  }

  /**
   * The hits for a query, at most {@code limit}.
   *
   * @param query the query's unit vector, or null for a blank query
   */
  List<MemoryHit> select(List<StoredMemory> memories, float[] query, int limit) {
    if (limit < 0) throw new IllegalArgumentException("limit must not be negative, got " + limit);
    List<Scored> candidates = new ArrayList<>();
    for (StoredMemory memory : current(memories)) {
      candidates.add(new Scored(memory, query == null ? 0 : EmbeddingModel.cosine(query, memory.embedding())));
    }
    Comparator<Scored> bestFirst = Comparator.comparingDouble(Scored::score).reversed()
        .thenComparing((Scored scored) -> scored.memory().entry().at(), Comparator.reverseOrder());
    candidates.sort(bestFirst);

    Set<Scored> chosen = Collections.newSetFromMap(new IdentityHashMap<>());
    int reserved = limit / 2;
    for (String kind : singleValuedKinds) {
      candidates.stream().filter(c -> c.memory().isFact() && c.memory().entry().name().equals(kind)).findFirst()
          .ifPresent(c -> addWithin(chosen, c, reserved));
    }
    candidates.stream().filter(c -> !c.memory().isFact())
        .reduce((a, b) -> b.memory().isNewerThan(a.memory()) ? b : a)
        .ifPresent(c -> addWithin(chosen, c, reserved));
    candidates.stream().filter(c -> c.memory().isFact()).forEach(c -> addWithin(chosen, c, reserved));
    candidates.stream().filter(c -> c.score() >= minScore).forEach(c -> addWithin(chosen, c, limit));

    List<Scored> result = new ArrayList<>(chosen);
    result.sort(bestFirst);
    List<MemoryHit> hits = new ArrayList<>(result.size());
    for (Scored scored : result) hits.add(new MemoryHit(scored.memory().entry(), scored.score()));
    return hits;
  }

  private String slot(StoredMemory fact) {
    String kind = fact.entry().name();
    return singleValuedKinds.contains(kind) ? kind : kind + '\n' + fact.entry().text();
  }

  private static void addWithin(Set<Scored> chosen, Scored candidate, int capacity) {
    if (chosen.size() < capacity) chosen.add(candidate);
  }

  private record Scored(StoredMemory memory, double score) {}
}
