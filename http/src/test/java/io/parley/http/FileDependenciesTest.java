package io.parley.http;

import io.parley.core.testing.SourceFileSlices;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dependencies between the files of {@code http}, and of the front door it serves through, point
 * one way: each source file (a top-level class with its nested types) is one slice, and no slice
 * takes part in a cycle. A sealed type's {@code permits} is no dependency ArchUnit sees, so a
 * sealed type and the subtypes it permits are kept in one file as well.
 */
class FileDependenciesTest {
  @ParameterizedTest
  @ValueSource(strings = {"io.parley.http", "io.parley.frontdoor"})
  void noFileTakesPartInAReferenceCycle(String module) {
    SourceFileSlices.checkMainFilesDependOneWay(module);
  }
}
