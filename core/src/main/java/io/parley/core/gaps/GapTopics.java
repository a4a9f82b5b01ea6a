package io.parley.core.gaps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Groups unanswered questions into topics by meaning: greedily, in the order they were asked (ties
 * by their text), each question joins the topic whose centre (the normalised sum of its members'
 * embeddings) is most similar to it, when that cosine similarity is at least {@code similarity},
 * and else opens a topic of its own. The same questions always give the same topics, whatever
 * order they are passed in. Pure: the embeddings are computed before.
 */
public final class GapTopics {
  /**
   * The similarity at which two questions are one topic: MiniLM puts paraphrases of a support
   * question above it and different questions of the same shop below it.
   */
  public static final double DEFAULT_SIMILARITY = 0.65;

  private GapTopics() {}

  /** The topics of {@code samples}, the most asked first, each with at most {@code examples} wordings. */
  public static List<GapTopic> of(List<GapSample> samples, double similarity, int examples) {
    List<GapSample> ordered = new ArrayList<>(samples);
    ordered.sort(Comparator.comparing(GapSample::at).thenComparing(GapSample::question));
    List<Forming> topics = new ArrayList<>();
    for (GapSample sample : ordered) {
      Forming nearest = null;
      double best = similarity;
      for (Forming topic : topics) {
        double cosine = topic.similarity(sample.embedding());
        if (cosine >= best) {
          best = cosine;
          nearest = topic;
        }
      }
      if (nearest == null) {
        nearest = new Forming(sample.embedding().length);
        topics.add(nearest);
      }
      nearest.add(sample);
    }
    return topics.stream().map(topic -> topic.topic(examples))
        .sorted(Comparator.comparingInt(GapTopic::count).reversed()
            .thenComparing(GapTopic::lastAskedAt, Comparator.reverseOrder())
            .thenComparing(GapTopic::question))
        .toList();
  }

  /** A topic being formed: its members and the sum of their embeddings. */
  private static final class Forming {
    private final List<GapSample> members = new ArrayList<>();
    private final double[] sum;

    Forming(int dimensions) {
      this.sum = new double[dimensions];
    }

    void add(GapSample sample) {
      members.add(sample);
      float[] embedding = sample.embedding();
      for (int i = 0; i < sum.length; i++) sum[i] += embedding[i];
    }

    /** The cosine similarity of {@code embedding} (a unit vector) with the topic's centre. */
    double similarity(float[] embedding) {
      if (embedding.length != sum.length) return -1;
      double dot = 0;
      double norm = 0;
      for (int i = 0; i < sum.length; i++) {
        dot += sum[i] * embedding[i];
        norm += sum[i] * sum[i];
      }
      return norm == 0 ? -1 : dot / Math.sqrt(norm);
    }

    GapTopic topic(int examples) {
      GapSample central = members.get(0);
      double best = similarity(central.embedding());
      Set<String> wordings = new LinkedHashSet<>();
      Map<String, Integer> reasons = new TreeMap<>();
      for (GapSample member : members) {
        double cosine = similarity(member.embedding());
        if (cosine > best) {
          best = cosine;
          central = member;
        }
        if (wordings.size() < examples) wordings.add(member.question());
        reasons.merge(member.reason().wireName(), 1, Integer::sum);
      }
      return new GapTopic(central.question(), members.size(), List.copyOf(wordings), reasons,
          members.get(0).at(), members.get(members.size() - 1).at());
    }
  }
}
