package io.parley.core.compute;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import java.time.Duration;

/**
 * What one piece of tenant-written logic (a procedure's check) may take when it runs: at most
 * {@code timeLimit} of its thread, values of at most {@code maxValueSize} units each and
 * {@code maxBuilt} units in all, a unit being a character of a string (or a byte) and
 * {@value #UNITS_PER_ELEMENT} units an element of a list or an entry of a map. Enforced while it
 * runs, value by value, so the node's memory, not the logic's length, is what is bounded.
 * {@code threads}: the threads such logic runs on (0: one fewer than the cores, at least one).
 */
public record LogicBudget(Duration timeLimit, long maxValueSize, long maxBuilt, int threads) {
  /** What an element of a list or an entry of a map counts for: a reference and a boxed value, about. */
  public static final int UNITS_PER_ELEMENT = 8;
  /** The node's defaults, as reference.conf sets them. */
  public static final LogicBudget DEFAULT = new LogicBudget(Duration.ofSeconds(1), 1_000_000, 8_000_000, 0);

  /** The logic went past its budget; {@link #getMessage()} says which part, in words for the admin who wrote it. */
  public static final class Exceeded extends RuntimeException {
    public Exceeded(String why) {
      super(why, null, false, false);
    }
  }

  /** The budget {@code parley.tenant-logic} sets, each part with its {@code PARLEY_TENANT_LOGIC_*} override. */
  public static LogicBudget create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    return new LogicBudget(settings.duration("parley.tenant-logic.time-limit", "PARLEY_TENANT_LOGIC_TIME_LIMIT"),
        settings.positiveInt("parley.tenant-logic.max-value-size", "PARLEY_TENANT_LOGIC_MAX_VALUE_SIZE"),
        settings.positiveInt("parley.tenant-logic.max-built", "PARLEY_TENANT_LOGIC_MAX_BUILT"),
        CpuWork.threads(settings.nonNegativeInt("parley.tenant-logic.threads", "PARLEY_TENANT_LOGIC_THREADS")));
  }
}
