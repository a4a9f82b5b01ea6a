package io.parley.core.procedure;

import com.google.protobuf.ByteString;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.values.CelByteString;
import dev.cel.runtime.CelEvaluationListener;
import io.parley.core.compute.LogicBudget;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps one evaluation of a check within its {@link LogicBudget}: CEL calls it after each
 * sub-expression with the value it gave, so each value is measured as soon as it exists and the
 * evaluation stops, by {@link LogicBudget.Exceeded}, at the first one too large, the first that
 * takes the values built past the budget, or the first heard after the deadline. A value is
 * counted where it is built (a call, a list or map written out, a macro's result), not where a
 * variable or a field is only read, so a check reading a large tool result many times is not
 * charged for it. One sub-expression builds at most its arguments' sizes together, so the memory
 * held is at most about twice the budget. Its time is the evaluating thread's CPU time, not the
 * clock's: a node under load (other work on the cores, a collector's pause) stretches the clock but
 * not the check's own work, and an outcome that changed with the node's load would be a check that
 * holds on a quiet node and not on a busy one.
 */
final class CheckMeter implements CelEvaluationListener {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final LogicBudget budget;
  private final LongSupplier nanoTime;
  private final long deadline;
  private long built;

  CheckMeter(LogicBudget budget, LongSupplier nanoTime) {
    this.budget = budget;
    this.nanoTime = nanoTime;
    this.deadline = nanoTime.getAsLong() + budget.timeLimit().toNanos();
  }

  /** The calling thread's CPU time, in nanoseconds. */
  static long threadCpuNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  @Override
  public void callback(CelExpr expr, Object value) {
    if (nanoTime.getAsLong() - deadline > 0) {
      throw new LogicBudget.Exceeded("it ran longer than its " + budget.timeLimit().toMillis() + " ms");
    }
    if (!builds(expr)) return;
    long size = size(value);
    if (size > budget.maxValueSize()) {
      throw new LogicBudget.Exceeded("it built a value of more than " + budget.maxValueSize()
          + " characters (or list elements, " + LogicBudget.UNITS_PER_ELEMENT + " each)");
    }
    built += size;
    if (built > budget.maxBuilt()) {
      throw new LogicBudget.Exceeded("it built more than " + budget.maxBuilt()
          + " characters of values in all (list elements " + LogicBudget.UNITS_PER_ELEMENT + " each)");
    }
  }

  /** Whether evaluating {@code expr} makes a new value, rather than reading one that exists. */
  private static boolean builds(CelExpr expr) {
    return switch (expr.getKind()) {
      case CALL -> !expr.call().function().equals("_[_]");
      case LIST, MAP, STRUCT, COMPREHENSION -> true;
      default -> false;
    };
  }

  /** What {@code value} takes, in the budget's units: its characters, bytes, or elements. */
  static long size(Object value) {
    return switch (value) {
      case CharSequence text -> text.length();
      case ByteString bytes -> bytes.size();
      case CelByteString bytes -> bytes.size();
      case Collection<?> list -> (long) list.size() * LogicBudget.UNITS_PER_ELEMENT;
      case Map<?, ?> map -> (long) map.size() * LogicBudget.UNITS_PER_ELEMENT;
      case null, default -> 1;
    };
  }
}
