package io.parley.core.experiment;

import java.util.Optional;

/**
 * A figure and its 95 % interval; the interval is absent when the data cannot give one (a mean of
 * fewer than two values).
 */
public record Estimate(double value, Optional<Double> low, Optional<Double> high) {
  static Estimate of(double value, double low, double high) {
    return new Estimate(value, Optional.of(low), Optional.of(high));
  }

  static Estimate exact(double value) {
    return new Estimate(value, Optional.empty(), Optional.empty());
  }
}
