package io.parley.http;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.parley.core.config.SettingsReader;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Has G1 give back to the operating system the heap a quiet node no longer uses. Without a heap
 * limit G1 keeps the heap it grew to for a burst (a ramp of new conversations, say) committed for
 * good; with these options set it runs a collection of its own once the node has gone this long
 * without one (JEP 346), which only a quiet node does, and then shrinks the heap to keep at most
 * {@code maxFreePercent} of it free. The three are manageable JVM options, so the node sets them
 * on itself; any of them given on the JVM's command line (or in {@code JAVA_TOOL_OPTIONS}) wins.
 *
 * @param interval time without a collection after which G1 runs one; zero leaves G1 as it is
 * @param maxFreePercent the share of the heap, in percent, left committed but free after it
 */
record IdleHeapReturn(Duration interval, int maxFreePercent) {
  static final String INTERVAL = "G1PeriodicGCInterval";
  static final String MIN_FREE = "MinHeapFreeRatio";
  static final String MAX_FREE = "MaxHeapFreeRatio";
  /** The least free heap G1 keeps for the allocations that follow a collection, when it shrinks. */
  static final int MIN_FREE_PERCENT = 10;
  /** Values the JVM chose, or the node did: anything else an operator set, and it stays. */
  private static final Set<VMOption.Origin> NOT_THE_OPERATORS =
      EnumSet.of(VMOption.Origin.DEFAULT, VMOption.Origin.ERGONOMIC, VMOption.Origin.MANAGEMENT);

  static IdleHeapReturn read(SettingsReader reader) {
    return new IdleHeapReturn(
        reader.durationOrZero("parley.heap.return-interval", "PARLEY_HEAP_RETURN_INTERVAL"),
        (int) Math.round(reader.decimal("parley.heap.max-free-percent", "PARLEY_HEAP_MAX_FREE_PERCENT", 1, 100)));
  }

  /**
   * The options to set, in the order the JVM accepts them (it refuses a maximum below the
   * minimum in force), given the JVM's current ones: none when returning is off or the JVM does
   * not collect with G1, and never one the operator set.
   */
  Map<String, String> options(Function<String, VMOption> current) {
    Map<String, String> options = new LinkedHashMap<>();
    if (interval.isZero() || !"true".equals(current.apply("UseG1GC").getValue())) return options;
    OptionalInt givenMin = givenByOperator(current.apply(MIN_FREE));
    OptionalInt givenMax = givenByOperator(current.apply(MAX_FREE));
    if (givenMin.isEmpty()) {
      int min = Math.min(MIN_FREE_PERCENT, maxFreePercent);
      options.put(MIN_FREE, Integer.toString(givenMax.isPresent() ? Math.min(min, givenMax.getAsInt()) : min));
    }
    if (givenMax.isEmpty()) options.put(MAX_FREE, Integer.toString(Math.max(maxFreePercent, givenMin.orElse(0))));
    if (NOT_THE_OPERATORS.contains(current.apply(INTERVAL).getOrigin())) {
      options.put(INTERVAL, Long.toString(interval.toMillis()));
    }
    return options;
  }

  /** Sets the options on this JVM; says for the log what the heap now does. */
  String apply(HotSpotDiagnosticMXBean jvm) {
    Map<String, String> options = options(jvm::getVMOption);
    options.forEach(jvm::setVMOption);
    String period = jvm.getVMOption(INTERVAL).getValue();
    if (options.isEmpty() || period.equals("0")) {
      return "Heap: as the JVM's options set it (" + (interval.isZero()
          ? "PARLEY_HEAP_RETURN_INTERVAL is 0s)" : "not G1, or its periodic collection set on the command line)");
    }
    return "Heap: after " + period + " ms without a collection G1 runs one and gives back the heap beyond "
        + jvm.getVMOption(MAX_FREE).getValue() + " % free (PARLEY_HEAP_RETURN_INTERVAL, PARLEY_HEAP_MAX_FREE_PERCENT)";
  }

  /** The percentage an operator gave the option, or none when the JVM or the node chose its value. */
  private static OptionalInt givenByOperator(VMOption option) {
    return NOT_THE_OPERATORS.contains(option.getOrigin()) ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(option.getValue()));
  }
}
