package io.parley.sessions;

import io.parley.core.testing.SourceFileSlices;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the files of {@code sessions} point one way: no file depends, directly or
 * through others, on a file that depends on it. Each source file (a top-level class with its nested
 * types) is one slice, so a cycle between two files in one package counts, as it does for a reader.
 * A sealed type's {@code permits} is no dependency ArchUnit sees, so a second rule keeps a sealed type
 * and the subtypes it permits in one file, where they need not name each other across files.
 */
class FileDependenciesTest {
  @Test
  void noFileOfSessionsTakesPartInAReferenceCycle() {
    SourceFileSlices.checkFreeOfCycles("io.parley.sessions", SessionsClasses.MAIN);
  }

  @Test
  void aSealedTypePermitsOnlyTypesOfItsOwnFile() {
    SourceFileSlices.checkSealedTypesPermitTheirOwnFile("io.parley.sessions", SessionsClasses.MAIN);
  }
}
