package io.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The evaluation benchmark of docs/performance.md still runs against the node jar this build made,
 * on a dozen cases and two reruns: every case gets a verdict, the cases made to fail fail, and the
 * reruns give the first run's verdicts. It measures nothing.
 */
class EvaluationBenchmarkTest {
  private static final Path NODE_JAR = Path.of("../http/target/parley-server.jar");

  @Test
  void aDozenScriptedCasesRunAgainWithTheSameVerdicts() throws Exception {
    assertTrue(Files.isRegularFile(NODE_JAR), NODE_JAR + " is built by the http module before this one");
    EvaluationBenchmark.Result result = EvaluationBenchmark.run(NODE_JAR, 12, 2, 4);

    assertEquals(3, result.runs().size());
    assertEquals(12, result.runs().get(0).verdicts().size(), result.row(0));
    assertTrue(result.runs().get(0).counts().get("fail").asInt() >= 1, "case 7 expects another intent: " + result.row(0));
    assertEquals(0, result.runs().get(0).counts().get("error").asInt(), result.row(0));
    assertEquals(0, result.differingReruns(), result.row(0));
  }
}
