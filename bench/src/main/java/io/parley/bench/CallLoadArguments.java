package io.parley.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The command line the voice and phone loads share:
 * {@code <node jar> [premium|local] [calls,calls,...] [measured seconds, 30] [warm-up seconds, 0]}.
 *
 * @param callCounts the calls of each run, one run per entry
 */
record CallLoadArguments(Path jar, String tier, List<Integer> callCounts, Duration measured, Duration warmUp) {
  static CallLoadArguments parse(String[] args, String defaultCallCounts) {
    return new CallLoadArguments(Path.of(args[0]), args.length > 1 ? args[1] : "premium",
        Arrays.stream((args.length > 2 ? args[2] : defaultCallCounts).split(",")).map(Integer::parseInt).toList(),
        Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 30),
        Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 0));
  }
}
