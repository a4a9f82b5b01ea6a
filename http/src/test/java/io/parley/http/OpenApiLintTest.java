package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openapi.json} under Redocly's recommended rules with no error and no warning, so that a
 * company's developer can generate a client from it: every operation has an {@code operationId} for
 * the generators to name methods by. Redocly CLI is pinned by {@code src/test/openapi-lint}'s
 * package-lock.json and installed into {@code target/openapi-lint} on first use.
 */
class OpenApiLintTest {
  private static final Path SOURCES = Path.of("src", "test", "openapi-lint").toAbsolutePath();
  private static final Path WORK = Path.of("target", "openapi-lint").toAbsolutePath();
  private static final Path SPEC = Path.of("src", "main", "resources", "openapi.json").toAbsolutePath();

  @BeforeAll
  static void installLinter() throws Exception {
    NodeTool.requireNodeAndNpm("lint openapi.json");
    NodeTool.installPinned(SOURCES, WORK, List.of("package.json", "package-lock.json", "redocly.yaml"), "@redocly");
  }

  @Test
  void theApiDescriptionIsCleanUnderTheRecommendedRules() throws Exception {
    NodeTool.Result result = lint(SPEC);
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("Your API description is valid"), result.output());
  }

  /** A linter that passes everything proves nothing: an operation without its id must be reported. */
  @Test
  void anOperationWithoutAnIdIsReported(@TempDir Path copy) throws Exception {
    String spec = Files.readString(SPEC);
    String withoutId = spec.replace("\"operationId\": \"getAnalytics\",", "");
    assertNotEquals(spec, withoutId, "openapi.json names getAnalytics (update this test with it)");
    Path broken = copy.resolve("openapi.json");
    Files.writeString(broken, withoutId);

    NodeTool.Result result = lint(broken);
    assertTrue(result.output().contains("operation-operationId"), result.output());
    assertNotEquals(0, result.exitCode(), "a missing operationId fails the lint:\n" + result.output());
  }

  private static NodeTool.Result lint(Path spec) throws Exception {
    return NodeTool.run(WORK, 120, Map.of("NO_COLOR", "1", "REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"),
        "node", WORK.resolve("node_modules/@redocly/cli/bin/cli.js").toString(), "lint", "--max-problems", "200",
        "--config", WORK.resolve("redocly.yaml").toString(), spec.toString());
  }
}
