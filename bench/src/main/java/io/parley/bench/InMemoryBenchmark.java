package io.parley.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run plan of the benchmarks that only use CPU and memory (JMH annotations are inherited):
 * one plan, so their figures are comparable; docs/performance.md states it with the results.
 */
@State(Scope.Benchmark)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
abstract class InMemoryBenchmark {}
