package io.parley.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The intervals against published worked examples and tables. */
class Confidence95Test {
  private static final double CLOSE = 0.0005;

  @Test
  void wilsonIntervalMatchesNewcombesExamples() {
    // Newcombe (1998), Statistics in Medicine 17, table I: 81/263 gives 0.2553 to 0.3662.
    Estimate p = Confidence95.proportion(81, 263).orElseThrow();
    assertEquals(81.0 / 263, p.value(), 1e-12);
    assertEquals(0.2553, p.low().orElseThrow(), CLOSE);
    assertEquals(0.3662, p.high().orElseThrow(), CLOSE);
    // 0/10 stays inside [0, 1] where a normal interval would not: 0 to 0.2775.
    Estimate none = Confidence95.proportion(0, 10).orElseThrow();
    assertEquals(0, none.low().orElseThrow(), 1e-12);
    assertEquals(0.2775, none.high().orElseThrow(), CLOSE);
    assertEquals(Optional.empty(), Confidence95.proportion(0, 0));
    assertEquals(1.0, Confidence95.proportion(10, 10).orElseThrow().high().orElseThrow(), 0, "all: exactly 1");
  }

  @Test
  void newcombesDifferenceMatchesHisExample() {
    // Newcombe (1998), Statistics in Medicine 17, 873-890, example (a): 56/70 - 48/80 = 0.2 (0.0524 to 0.3339).
    Estimate d = Confidence95.proportionDifference(48, 80, 56, 70).orElseThrow();
    assertEquals(0.2, d.value(), 1e-12);
    assertEquals(0.0524, d.low().orElseThrow(), CLOSE);
    assertEquals(0.3339, d.high().orElseThrow(), CLOSE);
  }

  @Test
  void aMeanRatingsIntervalStaysOnTheScale() {
    // Three ratings of 5: t's interval would be 5 to 5; four 5s and a 1 reach below 1 with t (mean 4.2, t 2.776 x 0.8).
    Sample high = new Sample().add(5).add(5).add(5);
    Estimate allFive = Confidence95.boundedMean(high, 1, 5).orElseThrow();
    assertEquals(5, allFive.value(), 1e-12);
    assertEquals(5, allFive.high().orElseThrow(), 1e-12);
    // Wilson at 3 of 3: 0.4385 to 1, so 1 + 4 x 0.4385 = 2.754.
    assertEquals(2.754, allFive.low().orElseThrow(), 0.001);
    Sample mixed = new Sample().add(5).add(5).add(5).add(5).add(1);
    assertTrue(Confidence95.mean(mixed).orElseThrow().low().orElseThrow() < 2, "t reaches far down for a few ratings");
    Estimate bounded = Confidence95.boundedMean(mixed, 1, 5).orElseThrow();
    assertTrue(bounded.low().orElseThrow() >= 1 && bounded.high().orElseThrow() <= 5, bounded.toString());
    assertTrue(bounded.low().orElseThrow() < 4.2 && bounded.high().orElseThrow() > 4.2, bounded.toString());
    Estimate one = Confidence95.boundedMean(new Sample().add(1), 1, 5).orElseThrow();
    assertEquals(1, one.low().orElseThrow(), 1e-12);
    assertTrue(one.high().orElseThrow() > 1 && one.high().orElseThrow() < 5, "one rating has an interval: " + one);
    assertEquals(Optional.empty(), Confidence95.boundedMean(new Sample(), 1, 5));
  }

  @Test
  void aDifferenceOfMeanRatingsIsNewcombesOnTheScale() {
    // Ratings 3 of 5 (0.5 on the scale) ten times against 5 ten times: Newcombe of 5/10 against 10/10, times 4.
    Sample middling = new Sample();
    Sample top = new Sample();
    for (int i = 0; i < 10; i++) {
      middling.add(3);
      top.add(5);
    }
    Estimate d = Confidence95.boundedMeanDifference(middling, top, 1, 5).orElseThrow();
    Estimate p = Confidence95.proportionDifference(5, 10, 10, 10).orElseThrow();
    assertEquals(2, d.value(), 1e-12);
    assertEquals(4 * p.low().orElseThrow(), d.low().orElseThrow(), 1e-9);
    assertEquals(4 * p.high().orElseThrow(), d.high().orElseThrow(), 1e-9);
    assertTrue(d.high().orElseThrow() <= 4, "never more than the scale's span: " + d);
  }

  @Test
  void tQuantilesMatchTheTables() {
    assertEquals(12.706, Confidence95.tQuantile(1), 0.001);
    assertEquals(4.303, Confidence95.tQuantile(2), 0.001);
    assertEquals(3.182, Confidence95.tQuantile(3), 0.001);
    assertEquals(2.447, Confidence95.tQuantile(6), 0.001);
    assertEquals(2.228, Confidence95.tQuantile(10), 0.001);
    assertEquals(2.042, Confidence95.tQuantile(30), 0.001);
    assertEquals(1.984, Confidence95.tQuantile(100), 0.001);
    assertEquals(Confidence95.tQuantile(10), Confidence95.tQuantile(10.9), 0, "a fractional df rounds down");
  }

  @Test
  void meanIntervalIsStudents() {
    Sample values = sample(2, 4, 4, 4, 5, 5, 7, 9);
    Estimate mean = Confidence95.mean(values).orElseThrow();
    assertEquals(5, mean.value(), 1e-12);
    // s = 2.138, se = 0.7559, t(7) = 2.365
    assertEquals(5 - 2.365 * 0.75593, mean.low().orElseThrow(), 0.002);
    assertEquals(5 + 2.365 * 0.75593, mean.high().orElseThrow(), 0.002);
    Estimate one = Confidence95.mean(sample(3)).orElseThrow();
    assertEquals(new Estimate(3, Optional.empty(), Optional.empty()), one);
    assertEquals(Optional.empty(), Confidence95.mean(new Sample()));
  }

  @Test
  void welchDifferenceOfMeans() {
    Sample a = sample(1, 2, 3, 4, 5);
    Sample b = sample(3, 5, 7, 9, 11);
    Estimate d = Confidence95.meanDifference(a, b).orElseThrow();
    assertEquals(4, d.value(), 1e-12);
    // var a = 2.5, var b = 10; se = sqrt(0.5 + 2) = 1.5811; df = 6.25 / (0.0625 + 1) = 5.88 -> 5, t = 2.571
    assertEquals(4 - 2.571 * 1.5811, d.low().orElseThrow(), 0.003);
    assertEquals(4 + 2.571 * 1.5811, d.high().orElseThrow(), 0.003);
    Estimate same = Confidence95.meanDifference(sample(2, 2), sample(2, 2)).orElseThrow();
    assertEquals(Estimate.of(0, 0, 0), same);
  }

  @Test
  void sampleVarianceIsStableForLargeValues() {
    Sample big = sample(1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16);
    assertEquals(30, big.variance(), 1e-6);
  }

  @Test
  void figuresPerArmAndTheirDifference() {
    ConversationOutcome containedRated = new ConversationOutcome(true, true, false, Optional.of(5), Optional.of(4), 100, 0.01);
    ConversationOutcome handedOver = new ConversationOutcome(true, false, true, Optional.of(2), Optional.empty(), 300, 0.03);
    ConversationOutcome open = new ConversationOutcome(false, false, false, Optional.empty(), Optional.empty(), 50, 0.005);
    ExperimentFigures figures = ExperimentFigures.of(List.of(containedRated, handedOver, open),
        List.of(containedRated, containedRated, open));
    assertEquals(3, figures.live().conversations());
    assertEquals(2, figures.live().closed());
    assertEquals(0.5, figures.live().containment().orElseThrow().value(), 1e-12);
    assertEquals(1.0, figures.candidate().containment().orElseThrow().value(), 1e-12);
    assertEquals(1.0 / 3, figures.live().handoffRate().orElseThrow().value(), 1e-12);
    assertEquals(2, figures.live().csat().count());
    assertEquals(3.5, figures.live().csat().mean().orElseThrow().value(), 1e-12);
    assertEquals(1, figures.live().quality().scored());
    assertEquals(150, figures.live().tokensPerConversation().orElseThrow().value(), 1e-9);
    assertEquals(0.5, figures.difference().containment().orElseThrow().value(), 1e-12);
    assertEquals(250.0 / 3 - 150, figures.difference().tokensPerConversation().orElseThrow().value(), 1e-9);
    assertTrue(figures.difference().containment().orElseThrow().low().orElseThrow() < 0.5);
  }

  private static Sample sample(double... values) {
    Sample sample = new Sample();
    for (double value : values) sample.add(value);
    return sample;
  }
}
