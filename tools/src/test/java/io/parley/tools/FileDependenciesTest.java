package io.parley.tools;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.parley.core.testing.SourceFileSlices;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the files of {@code tools} point one way: each source file (a top-level
 * class with its nested types) is one slice, and no slice takes part in a cycle. A sealed type's
 * {@code permits} is no dependency ArchUnit sees, so a second rule keeps a sealed type and the
 * subtypes it permits in one file.
 */
class FileDependenciesTest {
  private static final JavaClasses MAIN = SourceFileSlices.mainClasses("io.parley.tools");

  @Test
  void noFileOfToolsTakesPartInAReferenceCycle() {
    SourceFileSlices.checkFreeOfCycles("io.parley.tools", MAIN);
  }

  @Test
  void aSealedTypePermitsOnlyTypesOfItsOwnFile() {
    SourceFileSlices.checkSealedTypesPermitTheirOwnFile("io.parley.tools", MAIN, Set.of());
  }
}
