package io.parley.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: the directory of the pom that lists the modules. */
final class Repository {
  private Repository() {}

  /** Found upwards from this module's directory. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path pom = dir.resolve("pom.xml");
      try {
        if (Files.exists(pom) && Files.readString(pom).contains("<modules>")) return dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no pom.xml with <modules> above " + Path.of("").toAbsolutePath());
  }
}
