package io.parley.core.gaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GapTopicsTest {
  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

  /** A unit vector near {@code axis} of a 3-dimensional space, turned by {@code tilt} towards the next axis. */
  private static float[] near(int axis, double tilt) {
    float[] vector = new float[3];
    vector[axis] = (float) Math.cos(tilt);
    vector[(axis + 1) % 3] = (float) Math.sin(tilt);
    return vector;
  }

  private static GapSample sample(String question, int axis, double tilt, int minute, GapReason reason) {
    return new GapSample(question, reason, T0.plusSeconds(60L * minute), near(axis, tilt));
  }

  private static final List<GapSample> ASKED = List.of(
      sample("do you gift wrap?", 0, 0.0, 1, GapReason.CANNOT_ANSWER),
      sample("can you wrap my order as a gift", 0, 0.2, 2, GapReason.NO_ARTICLE),
      sample("gift wrapping available?", 0, 0.1, 3, GapReason.CANNOT_ANSWER),
      sample("do you ship to Antarctica", 1, 0.1, 4, GapReason.CANNOT_ANSWER),
      sample("do you ship to Antarctica", 1, 0.1, 5, GapReason.HANDOFF),
      sample("is there a student discount", 2, 0.0, 6, GapReason.NO_ARTICLE));

  @Test
  void groupsQuestionsAlikeInMeaningTheMostAskedFirst() {
    List<GapTopic> topics = GapTopics.of(ASKED, GapTopics.DEFAULT_SIMILARITY, 5);

    assertEquals(3, topics.size());
    GapTopic wrapping = topics.get(0);
    assertEquals(3, wrapping.count());
    assertEquals("gift wrapping available?", wrapping.question(), "the wording nearest the topic's centre");
    assertEquals(List.of("do you gift wrap?", "can you wrap my order as a gift", "gift wrapping available?"),
        wrapping.examples());
    assertEquals(Map.of("cannot_answer", 2, "no_article", 1), wrapping.reasons());
    assertEquals(T0.plusSeconds(60), wrapping.firstAskedAt());
    assertEquals(T0.plusSeconds(180), wrapping.lastAskedAt());
    GapTopic shipping = topics.get(1);
    assertEquals(2, shipping.count());
    assertEquals(List.of("do you ship to Antarctica"), shipping.examples(), "a wording asked twice is one example");
    assertEquals(1, topics.get(2).count());
  }

  @Test
  void keepsAtMostTheExamplesAskedFor() {
    assertEquals(List.of("do you gift wrap?"), GapTopics.of(ASKED, GapTopics.DEFAULT_SIMILARITY, 1).get(0).examples());
  }

  @Test
  void aQuestionBelowTheSimilarityOpensItsOwnTopic() {
    // cos(1.0) = 0.54: below 0.6, the two are two topics; at 0.5 they are one.
    List<GapSample> two = List.of(sample("a", 0, 0.0, 1, GapReason.NO_ARTICLE), sample("b", 0, 1.0, 2, GapReason.NO_ARTICLE));
    assertEquals(2, GapTopics.of(two, 0.6, 5).size());
    assertEquals(1, GapTopics.of(two, 0.5, 5).size());
  }

  @Test
  void theSameQuestionsInAnyOrderGiveTheSameTopics() {
    List<GapTopic> expected = GapTopics.of(ASKED, GapTopics.DEFAULT_SIMILARITY, 5);
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      List<GapSample> shuffled = new ArrayList<>(ASKED);
      Collections.shuffle(shuffled, random);
      assertEquals(expected, GapTopics.of(shuffled, GapTopics.DEFAULT_SIMILARITY, 5));
    }
  }

  @Test
  void noQuestionsNoTopics() {
    assertEquals(List.of(), GapTopics.of(List.of(), GapTopics.DEFAULT_SIMILARITY, 5));
  }
}
