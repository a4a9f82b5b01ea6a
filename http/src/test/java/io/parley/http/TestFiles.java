package io.parley.http;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

  /** Work done while holding a lock file. */
  interface Locked<T> {
    T run() throws IOException, InterruptedException;
  }

  /**
   * Runs {@code work} holding the exclusive lock of {@code lockFile} (made when missing): the test
   * JVMs of a run, and other builds on the machine, take their turns; released however it ends.
   */
  static <T> T whileLocked(Path lockFile, Locked<T> work) throws IOException, InterruptedException {
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      return work.run();
    }
  }
}
