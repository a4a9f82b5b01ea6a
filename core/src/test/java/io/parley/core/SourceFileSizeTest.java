package io.parley.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps every main Java file of every module, and every JavaScript source of the browser's side
 * ({@code clients/}), small enough to hold one concern a reader takes in at once: a file over
 * {@value #MAX_LINES} lines is split by concern, none is excepted. Of the browser's files, tests and
 * vendored libraries ({@code clients/web/vendor}) are not Parley's sources and are not counted.
 */
class SourceFileSizeTest {
  static final int MAX_LINES = 450;

  @Test
  void noMainJavaFileIsLongerThanTheLimit() throws IOException {
    Path root = Repository.root();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
          .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/node_modules/")).sorted().toList();
    }
    assertTrue(sources.size() > 100, "found only " + sources.size() + " main Java files under " + root);
    List<String> tooLong = sources.stream().filter(f -> lines(f) > MAX_LINES)
        .map(f -> root.relativize(f) + ": " + lines(f) + " lines").toList();
    assertEquals(List.of(), tooLong, "main Java files over " + MAX_LINES + " lines");
  }

  @Test
  void noBrowserJavaScriptSourceIsLongerThanTheLimit() throws IOException {
    Path root = Repository.root();
    Path clients = root.resolve("clients");
    List<Path> sources;
    try (Stream<Path> files = Files.walk(clients)) {
      sources = files.filter(f -> f.toString().endsWith(".js")).filter(f -> isBrowserSource(clients.relativize(f))).sorted().toList();
    }
    assertTrue(sources.size() > 50, "found only " + sources.size() + " JavaScript sources under " + clients);
    List<String> tooLong = sources.stream().filter(f -> lines(f) > MAX_LINES)
        .map(f -> root.relativize(f) + ": " + lines(f) + " lines").toList();
    assertEquals(List.of(), tooLong, "browser JavaScript sources over " + MAX_LINES + " lines");
  }

  /** A path under clients/ that is Parley's own browser code: not a dependency, a vendored library or a test. */
  private static boolean isBrowserSource(Path underClients) {
    for (Path part : underClients) {
      String name = part.toString();
      if (name.equals("node_modules") || name.equals("vendor") || name.equals("test")) return false;
    }
    return true;
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
