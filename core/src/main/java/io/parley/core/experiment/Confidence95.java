package io.parley.core.experiment;

import java.util.Optional;

/**
 * 95 % intervals (docs/analytics.md#experiments): Wilson's score interval for a proportion and for
 * the mean of a bounded scale, Student's t for a mean, Newcombe's hybrid score interval (his method
 * 10, built on the two Wilson intervals) for the difference of two proportions or of two bounded
 * means, and Welch's t for the difference of two means.
 * Pure functions; an interval that cannot be had (no data, a mean of one value) is absent.
 */
public final class Confidence95 {
  /** The standard normal's 97.5th percentile: two-sided 95 %. */
  static final double Z = 1.959963984540054;

  /** t's 97.5th percentile for 1 to 5 degrees of freedom, where the expansion is off by more. */
  private static final double[] SMALL_DF = {Double.NaN, 12.706205, 4.302653, 3.182446, 2.776445, 2.570582};

  private Confidence95() {}

  /** {@code successes} of {@code trials}: the share and its Wilson interval; none without trials. */
  public static Optional<Estimate> proportion(long successes, long trials) {
    if (trials <= 0) return Optional.empty();
    double p = (double) successes / trials;
    double[] bounds = wilson(successes, trials);
    return Optional.of(Estimate.of(p, bounds[0], bounds[1]));
  }

  /**
   * The mean of {@code values}, each on the scale {@code lowest} to {@code highest} (a rating of 1
   * to 5), with Wilson's interval of the mean's place on the scale: a value in [0, 1] has at most
   * the variance of a yes-or-no one with the same mean, so the interval is a proportion's, never
   * outside the scale (t's is, for a few ratings all 5), and one rating already has one.
   */
  public static Optional<Estimate> boundedMean(Sample values, double lowest, double highest) {
    if (values.count() == 0) return Optional.empty();
    double[] bounds = wilson(onScale(values, lowest, highest), values.count());
    double span = highest - lowest;
    return Optional.of(Estimate.of(values.mean(), lowest + bounds[0] * span, lowest + bounds[1] * span));
  }

  /** {@code b}'s bounded mean minus {@code a}'s, with Newcombe's interval over their places on the scale. */
  public static Optional<Estimate> boundedMeanDifference(Sample a, Sample b, double lowest, double highest) {
    if (a.count() == 0 || b.count() == 0) return Optional.empty();
    double span = highest - lowest;
    return newcombe(onScale(a, lowest, highest), a.count(), onScale(b, lowest, highest), b.count())
        .map(d -> Estimate.of(d.value() * span, d.low().orElseThrow() * span, d.high().orElseThrow() * span));
  }

  /** The sum of {@code values}' places on the scale: the "successes" of their mean's proportion. */
  private static double onScale(Sample values, double lowest, double highest) {
    double place = (values.mean() - lowest) / (highest - lowest);
    return Math.min(1, Math.max(0, place)) * values.count();
  }

  private static double[] wilson(double successes, long trials) {
    double n = trials;
    double p = successes / n;
    double z2 = Z * Z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    // At 0 or all successes a bound is exactly 0 or 1, which rounding would miss by an ulp.
    double low = successes == 0 ? 0 : Math.max(0, centre - half);
    double high = successes == trials ? 1 : Math.min(1, centre + half);
    return new double[] {low, high};
  }

  /** The mean of {@code values} with its t interval; no interval for one value, nothing for none. */
  public static Optional<Estimate> mean(Sample values) {
    if (values.count() == 0) return Optional.empty();
    if (values.count() == 1) return Optional.of(Estimate.exact(values.mean()));
    double half = tQuantile(values.count() - 1) * Math.sqrt(values.variance() / values.count());
    return Optional.of(Estimate.of(values.mean(), values.mean() - half, values.mean() + half));
  }

  /** {@code b}'s share minus {@code a}'s, with Newcombe's interval; none unless both have trials. */
  public static Optional<Estimate> proportionDifference(long successesA, long trialsA, long successesB, long trialsB) {
    if (trialsA <= 0 || trialsB <= 0) return Optional.empty();
    return newcombe(successesA, trialsA, successesB, trialsB);
  }

  private static Optional<Estimate> newcombe(double successesA, long trialsA, double successesB, long trialsB) {
    double pa = successesA / trialsA;
    double pb = successesB / trialsB;
    double[] a = wilson(successesA, trialsA);
    double[] b = wilson(successesB, trialsB);
    double d = pb - pa;
    double low = d - Math.sqrt(square(pb - b[0]) + square(a[1] - pa));
    double high = d + Math.sqrt(square(b[1] - pb) + square(pa - a[0]));
    return Optional.of(Estimate.of(d, low, high));
  }

  /** {@code b}'s mean minus {@code a}'s, with Welch's interval; no interval unless each has two values. */
  public static Optional<Estimate> meanDifference(Sample a, Sample b) {
    if (a.count() == 0 || b.count() == 0) return Optional.empty();
    double d = b.mean() - a.mean();
    if (a.count() < 2 || b.count() < 2) return Optional.of(Estimate.exact(d));
    double va = a.variance() / a.count();
    double vb = b.variance() / b.count();
    double se = Math.sqrt(va + vb);
    if (se == 0) return Optional.of(Estimate.of(d, d, d));
    double df = square(va + vb) / (square(va) / (a.count() - 1) + square(vb) / (b.count() - 1));
    double half = tQuantile(df) * se;
    return Optional.of(Estimate.of(d, d - half, d + half));
  }

  /**
   * Student's t 97.5th percentile for {@code df} degrees of freedom, rounded down to a whole number
   * (the wider interval): the tables' values up to five, the Cornish–Fisher expansion (Abramowitz
   * and Stegun 26.7.5) from six on, within 0.001 of the tables there.
   */
  static double tQuantile(double df) {
    int v = (int) Math.max(1, Math.floor(df));
    if (v < SMALL_DF.length) return SMALL_DF[v];
    double z = Z;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    double z7 = z5 * z * z;
    double z9 = z7 * z * z;
    double g1 = (z3 + z) / 4;
    double g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
    double g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
    double g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
    return z + g1 / v + g2 / (v * (double) v) + g3 / Math.pow(v, 3) + g4 / Math.pow(v, 4);
  }

  private static double square(double x) {
    return x * x;
  }
}
