package io.parley.persistence;

import io.parley.core.testing.SourceFileSlices;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the files of {@code persistence} point one way: each source file (a top-level
 * class with its nested types) is one slice, and no slice takes part in a cycle.
 */
class FileDependenciesTest {
  @Test
  void noFileOfPersistenceTakesPartInAReferenceCycle() {
    SourceFileSlices.checkMainFreeOfCycles("io.parley.persistence");
  }
}
