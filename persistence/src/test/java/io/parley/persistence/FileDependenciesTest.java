package io.parley.persistence;

import io.parley.core.testing.SourceFileSlices;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the files of {@code persistence} point one way: each source file (a top-level
 * class with its nested types) is one slice, and no slice takes part in a cycle. A sealed type's
 * {@code permits} is no dependency ArchUnit sees, so a sealed type and the subtypes it permits are
 * kept in one file as well.
 */
class FileDependenciesTest {
  @Test
  void noFileOfPersistenceTakesPartInAReferenceCycle() {
    SourceFileSlices.checkMainFilesDependOneWay("io.parley.persistence");
  }
}
