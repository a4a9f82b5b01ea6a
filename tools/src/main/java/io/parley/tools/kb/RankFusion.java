package io.parley.tools.kb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): an item's score is the sum over
 * the rankings it appears in of {@code 1 / (k + rank)}. Only ranks count, not the rankers' scores,
 * which is what lets BM25 (unbounded) and cosine similarity (-1..1) be combined without
 * calibrating one against the other. An item that both rankers place fairly high beats one that
 * a single ranker places first: the keyword match that is also about the right thing wins over the
 * one that only shares a word. {@code k = 60} is the paper's value, which keeps the first few
 * places of a ranking from dominating.
 */
final class RankFusion {
  static final int K = 60;

  private RankFusion() {}

  /**
   * @param score the sum of the contributions, scaled so that first place in both rankings is 1
   * @param keywordRank the item's place in the keyword ranking, from 1, or 0 when not in it
   * @param vectorRank the same in the vector ranking
   */
  record Fused(int item, double score, int keywordRank, int vectorRank) {}

  /**
   * Fuses two rankings of item numbers, best first. Ties are broken by the keyword rank, then
   * the item number, so the order is deterministic.
   */
  static List<Fused> fuse(List<Integer> keyword, List<Integer> vector) {
    Map<Integer, int[]> ranks = new HashMap<>();
    for (int i = 0; i < keyword.size(); i++) ranks.computeIfAbsent(keyword.get(i), item -> new int[2])[0] = i + 1;
    for (int i = 0; i < vector.size(); i++) ranks.computeIfAbsent(vector.get(i), item -> new int[2])[1] = i + 1;
    double best = 2.0 / (K + 1);
    List<Fused> fused = new ArrayList<>(ranks.size());
    ranks.forEach((item, rank) -> fused.add(new Fused(item, (contribution(rank[0]) + contribution(rank[1])) / best,
        rank[0], rank[1])));
    fused.sort(Comparator.comparingDouble(Fused::score).reversed()
        .thenComparingInt(f -> f.keywordRank() == 0 ? Integer.MAX_VALUE : f.keywordRank())
        .thenComparingInt(Fused::item));
    return fused;
  }

  private static double contribution(int rank) {
    return rank == 0 ? 0 : 1.0 / (K + rank);
  }
}
