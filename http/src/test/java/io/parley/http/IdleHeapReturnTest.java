package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.VMOption;
import com.sun.management.VMOption.Origin;
import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which heap options a node sets on its own JVM, given those the JVM already has. */
class IdleHeapReturnTest {
  private static final IdleHeapReturn DEFAULTS = new IdleHeapReturn(Duration.ofSeconds(5), 30);

  /** A G1 JVM as {@code java -jar} starts it, with {@code set} given on its command line. */
  private static Map<String, VMOption> jvm(Map<String, String> set) {
    Map<String, VMOption> options = new HashMap<>();
    options.put("UseG1GC", new VMOption("UseG1GC", "true", false, Origin.ERGONOMIC));
    options.put(IdleHeapReturn.INTERVAL, new VMOption(IdleHeapReturn.INTERVAL, "0", true, Origin.DEFAULT));
    options.put(IdleHeapReturn.MIN_FREE, new VMOption(IdleHeapReturn.MIN_FREE, "40", true, Origin.DEFAULT));
    options.put(IdleHeapReturn.MAX_FREE, new VMOption(IdleHeapReturn.MAX_FREE, "70", true, Origin.DEFAULT));
    set.forEach((name, value) -> options.put(name, new VMOption(name, value, true, Origin.VM_CREATION)));
    return options;
  }

  @Test
  void aDefaultJvmGetsTheMinimumLoweredBeforeTheMaximumThenTheInterval() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("MinHeapFreeRatio", "10");
    expected.put("MaxHeapFreeRatio", "30");
    expected.put("G1PeriodicGCInterval", "5000");
    Map<String, String> options = DEFAULTS.options(jvm(Map.of())::get);
    assertEquals(expected, options);
    // The JVM refuses a maximum below the minimum in force (40 by default): the order matters.
    assertEquals(List.of("MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval"), List.copyOf(options.keySet()));
  }

  @Test
  void optionsOnTheCommandLineStayAndTheOthersFitThem() {
    assertEquals(Map.of("MinHeapFreeRatio", "5", "G1PeriodicGCInterval", "5000"),
        DEFAULTS.options(jvm(Map.of("MaxHeapFreeRatio", "5"))::get));
    assertEquals(Map.of("MaxHeapFreeRatio", "40", "G1PeriodicGCInterval", "5000"),
        DEFAULTS.options(jvm(Map.of("MinHeapFreeRatio", "40"))::get));
    assertEquals(Map.of("MinHeapFreeRatio", "10", "MaxHeapFreeRatio", "30"),
        DEFAULTS.options(jvm(Map.of("G1PeriodicGCInterval", "60000"))::get));
  }

  @Test
  void optionsTheNodeSetBeforeAreSetAgain() {
    Map<String, VMOption> restarted = jvm(Map.of());
    restarted.put(IdleHeapReturn.INTERVAL, new VMOption(IdleHeapReturn.INTERVAL, "5000", true, Origin.MANAGEMENT));
    assertEquals("10000", new IdleHeapReturn(Duration.ofSeconds(10), 30).options(restarted::get).get("G1PeriodicGCInterval"));
  }

  @Test
  void aZeroIntervalOrAnotherCollectorSetsNothing() {
    assertTrue(new IdleHeapReturn(Duration.ZERO, 30).options(jvm(Map.of())::get).isEmpty());
    Map<String, VMOption> parallel = jvm(Map.of());
    parallel.put("UseG1GC", new VMOption("UseG1GC", "false", false, Origin.DEFAULT));
    assertTrue(DEFAULTS.options(parallel::get).isEmpty());
  }

  @Test
  void theSettingsReadTheirVariablesAndRefuseWhatIsNoShare() {
    IdleHeapReturn read = IdleHeapReturn.read(new SettingsReader(ConfigFactory.parseMap(Map.of(
        "parley.heap.return-interval", "0s", "parley.heap.max-free-percent", "20"))));
    assertEquals(new IdleHeapReturn(Duration.ZERO, 20), read);
    InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> IdleHeapReturn.read(
        new SettingsReader(ConfigFactory.parseMap(Map.of("parley.heap.return-interval", "5s", "parley.heap.max-free-percent", "130")))));
    assertTrue(refused.getMessage().contains("PARLEY_HEAP_MAX_FREE_PERCENT (parley.heap.max-free-percent)"), refused.getMessage());
  }
}
