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
    PositionalArguments arguments = new PositionalArguments(args);
    return new CallLoadArguments(Path.of(args[0]), arguments.text(1, "premium"),
        Arrays.stream(arguments.text(2, defaultCallCounts).split(",")).map(Integer::parseInt).toList(),
        Duration.ofSeconds(arguments.longNumber(3, 30)), Duration.ofSeconds(arguments.longNumber(4, 0)));
  }
}
