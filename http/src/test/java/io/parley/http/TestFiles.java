package io.parley.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Files and folders the tests make and remove. */
final class TestFiles {
  private TestFiles() {}

  /** Deletes {@code root} and everything under it; nothing when it is not there. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) Files.deleteIfExists(path);
  }
}
