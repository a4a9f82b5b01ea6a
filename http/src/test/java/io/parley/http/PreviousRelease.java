package io.parley.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server jar of the release before this one, whose commit {@code upgrade/previous-release}
 * records: built from the git history with the JDK running the tests, once per commit, into
 * {@code ~/.cache/parley/releases/<commit>/} (or {@code PARLEY_RELEASES_CACHE}), so later runs
 * take it from there; test JVMs or builds on one machine that ask at once wait on one build (a
 * lock file there). Without the history or the commit it fails, saying so: a rolling upgrade that
 * was not tried is not a pass. {@code -Dparley.previous-release=<commit>} tries another
 * release instead (an older one, to see what a cluster that far behind meets).
 */
record PreviousRelease(String commit, Path jar, Duration buildTime) {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration BUILD_LIMIT = Duration.ofMinutes(20);

  static PreviousRelease get() throws IOException, InterruptedException {
    String commit = recordedCommit();
    Path cache = cacheRoot().resolve(commit);
    Path jar = cache.resolve("parley-server.jar");
    if (Files.isRegularFile(jar)) return new PreviousRelease(commit, jar, Duration.ZERO);
    Files.createDirectories(cache);
    // Builds on one machine may ask at once: the first builds, the others wait and take its jar.
    return TestFiles.whileLocked(cache.resolve("build.lock"), () -> Files.isRegularFile(jar)
        ? new PreviousRelease(commit, jar, Duration.ZERO) : build(commit, jar));
  }

  private static PreviousRelease build(String commit, Path jar) throws IOException, InterruptedException {
    String full = run(ROOT, Duration.ofMinutes(1), "git", "rev-parse", "--verify", "--quiet", commit + "^{commit}");
    if (full == null) {
      throw new AssertionError("The previous release " + commit + " (http/src/test/resources/upgrade/previous-release)"
          + " is not in the git history of " + ROOT + ": a shallow clone or a copy without .git cannot build it."
          + " Fetch the whole history (git fetch --unshallow) or put its server jar at " + jar);
    }
    long started = System.nanoTime();
    Path source = Path.of("target", "previous-release", commit).toAbsolutePath();
    TestFiles.deleteTree(source);
    Files.createDirectories(source);
    // The commit's tree only, as a fresh checkout holds it, taken with git archive: the repository records nothing.
    String extracted = run(source, Duration.ofMinutes(2), "bash", "-c",
        "git -C '" + ROOT + "' archive --format=tar " + commit + " | tar -x -f -");
    if (extracted == null) throw new AssertionError("could not extract " + commit + " from git into " + source);
    List<String> build = List.of("mvn", "-B", "-q", "-DskipTests", "-Dparley.aot.skip=true", "package", "-pl", "http", "-am");
    List<String> offline = new ArrayList<>(build);
    offline.add(1, "-o");
    // Offline first (the dependencies are usually those of this build); once online if one is missing.
    if (run(source, BUILD_LIMIT, offline.toArray(String[]::new)) == null
        && run(source, BUILD_LIMIT, build.toArray(String[]::new)) == null) {
      throw new AssertionError("mvn package of the previous release " + commit + " failed in " + source
          + "; see " + source.resolve("build.log"));
    }
    Path partial = Files.createTempFile(jar.getParent(), "parley-server", ".jar.part");
    Files.copy(source.resolve("http/target/parley-server.jar"), partial, StandardCopyOption.REPLACE_EXISTING);
    Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
    TestFiles.deleteTree(source);
    return new PreviousRelease(commit, jar, Duration.ofNanos(System.nanoTime() - started));
  }

  static String recordedCommit() throws IOException {
    String chosen = System.getProperty("parley.previous-release", "").strip();
    if (!chosen.isEmpty()) return chosen;
    try (InputStream in = PreviousRelease.class.getResourceAsStream("/upgrade/previous-release")) {
      if (in == null) throw new AssertionError("upgrade/previous-release is missing from the test resources");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#")).findFirst()
          .orElseThrow(() -> new AssertionError("upgrade/previous-release names no commit"));
    }
  }

  private static Path cacheRoot() {
    String configured = System.getenv("PARLEY_RELEASES_CACHE");
    return configured != null ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "parley", "releases");
  }

  /** Runs a command in {@code directory} with this JDK; its output (appended to build.log there), or null when it failed. */
  private static String run(Path directory, Duration limit, String... command) throws IOException, InterruptedException {
    Path log = directory.resolve("build.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    Path output = Files.createTempFile("parley-previous-release", ".out");
    builder.redirectOutput(output.toFile());
    String javaHome = System.getProperty("java.home");
    builder.environment().put("JAVA_HOME", javaHome);
    builder.environment().put("PATH", Path.of(javaHome, "bin") + java.io.File.pathSeparator + builder.environment().get("PATH"));
    Process process = builder.start();
    if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(String.join(" ", command) + " did not finish within " + limit);
    }
    String text = Files.readString(output);
    Files.delete(output);
    if (Files.isDirectory(directory) && !directory.equals(ROOT)) {
      Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    return process.exitValue() == 0 ? text.strip() : null;
  }
}
