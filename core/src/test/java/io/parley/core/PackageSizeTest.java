package io.parley.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main package of any module holds more than {@link #MAX_FILES} Java files, none excepted, and no
 * package of {@code sessions} more than {@link #MAX_SESSION_FILES}: a reader finds a feature by its
 * package, and a package that big holds several. A larger one is split by feature into
 * sub-packages (as the session entity's rooms are).
 */
class PackageSizeTest {
  static final int MAX_FILES = 40;
  /** The session's packages, where a newcomer reads the most, stay smaller. */
  static final int MAX_SESSION_FILES = 25;
  private static final Path SESSIONS = Path.of("sessions", "src", "main", "java");

  @Test
  void noMainPackageHoldsMoreThanTheLimit() throws IOException {
    Path root = Repository.root();
    Map<Path, Long> perPackage;
    try (Stream<Path> files = Files.walk(root)) {
      perPackage = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
          .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/node_modules/"))
          .collect(Collectors.groupingBy(f -> root.relativize(f.getParent()), TreeMap::new, Collectors.counting()));
    }
    assertTrue(perPackage.size() > 50, "found only " + perPackage.size() + " main packages under " + root);
    List<String> tooBig = perPackage.entrySet().stream()
        .filter(e -> e.getValue() > (e.getKey().startsWith(SESSIONS) ? MAX_SESSION_FILES : MAX_FILES))
        .map(e -> e.getKey() + ": " + e.getValue() + " files").toList();
    assertEquals(List.of(), tooBig, "main packages over " + MAX_FILES + " Java files, or over " + MAX_SESSION_FILES
        + " in sessions");
  }
}
