package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The build measures nothing (docs/performance.md): it only runs every benchmark once, in this
 * JVM, so one that no longer starts, or whose codec no longer reads back what it wrote, fails here.
 */
class BenchmarksRunOnceTest {

  @Test
  void everyBenchmarkRunsOnce() throws Exception {
    Options once = new OptionsBuilder()
        .include(getClass().getPackageName() + ".*Benchmark")
        .forks(0)
        .threads(1)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementBatchSize(1)
        .mode(Mode.SingleShotTime)
        // The server's PostgreSQL is for measuring; the build stays on loopback-free H2.
        .param("database", "h2")
        .shouldFailOnError(true)
        .build();

    Collection<RunResult> results = new Runner(once).run();

    Set<String> ran = results.stream().map(r -> r.getParams().getBenchmark()).collect(Collectors.toSet());
    assertEquals(benchmarkMethods(), ran);
    assertTrue(results.stream().allMatch(r -> r.getPrimaryResult().getScore() > 0));
  }

  private static Set<String> benchmarkMethods() {
    return Stream.of(SerializationBenchmark.class, PromptAssemblyBenchmark.class, JournalBenchmark.class,
            ResamplerBenchmark.class, RedactionBenchmark.class, TenantToolsBenchmark.class)
        .flatMap(type -> Stream.of(type.getMethods())
            .filter(m -> m.isAnnotationPresent(Benchmark.class))
            .map((Method m) -> type.getName() + "." + m.getName()))
        .collect(Collectors.toSet());
  }
}
