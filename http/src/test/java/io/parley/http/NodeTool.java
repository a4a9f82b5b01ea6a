package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Node.js programs the tests run (the JavaScript client's tests, the manifests' validator, the API
 * description's linter): a tool that is missing fails the test and says how to install it, never skips
 * it, and npm packages come pinned by a package-lock.json of the test tree.
 */
final class NodeTool {
  /** What a finished command exited with and printed (stdout and stderr together). */
  record Result(int exitCode, String output) {}

  private NodeTool() {}

  /** Node.js and npm, or an error naming what {@code purpose} needs. */
  static void requireNodeAndNpm(String purpose) {
    for (String tool : List.of("node", "npm")) {
      try {
        if (run(Path.of("."), 30, Map.of(), tool, "--version").exitCode() == 0) continue;
      } catch (IOException | InterruptedException e) {
        // reported below
      }
      throw new AssertionError(tool + " is required to " + purpose + " (Node.js 20 or newer with npm, e.g. "
          + "`apt-get install nodejs npm`); it is not on the PATH of this build");
    }
  }

  /**
   * Copies {@code files} (package.json and package-lock.json among them) from {@code sources} to
   * {@code work} and runs {@code npm ci} there when the lock changed or {@code installed} is missing
   * from node_modules: once per build directory, not once per test class. The test JVMs of a run
   * take turns (a file lock beside {@code work}): {@code npm ci} empties node_modules first, under
   * a server another JVM just started from it.
   */
  static void installPinned(Path sources, Path work, List<String> files, String installed) throws Exception {
    Files.createDirectories(work);
    TestFiles.whileLocked(work.resolveSibling(work.getFileName() + ".lock"), () -> {
      Path lock = work.resolve("package-lock.json");
      boolean lockChanged = !Files.exists(lock) || Files.mismatch(lock, sources.resolve("package-lock.json")) != -1;
      for (String file : files) {
        Files.copy(sources.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
      if (lockChanged || !Files.isDirectory(work.resolve("node_modules").resolve(installed))) {
        Result install = run(work, 300, Map.of(), "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
        assertEquals(0, install.exitCode(), "npm ci in " + work + " failed:\n" + install.output());
      }
      return null;
    });
  }

  /** Runs {@code command} in {@code directory}; a command still running after the timeout fails the test. */
  static Result run(Path directory, long timeoutSeconds, Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    Files.createDirectories(directory);
    ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    // A file, not a pipe: a full pipe would block the process.
    Path output = Files.createTempFile("parley-node-tool", ".log");
    try {
      Process process = builder.redirectOutput(output.toFile()).start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + "s:\n"
            + Files.readString(output));
      }
      return new Result(process.exitValue(), Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
