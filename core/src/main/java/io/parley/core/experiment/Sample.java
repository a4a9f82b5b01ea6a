package io.parley.core.experiment;

/**
 * A running count, mean and sum of squared deviations (Welford's method, stable for large values
 * such as token counts): enough for a mean's interval without keeping the values.
 */
public final class Sample {
  private long count;
  private double mean;
  private double squares;

  public Sample add(double value) {
    count++;
    double delta = value - mean;
    mean += delta / count;
    squares += delta * (value - mean);
    return this;
  }

  public long count() {
    return count;
  }

  public double mean() {
    return mean;
  }

  /** The unbiased sample variance; zero for fewer than two values. */
  public double variance() {
    return count < 2 ? 0 : squares / (count - 1);
  }
}
