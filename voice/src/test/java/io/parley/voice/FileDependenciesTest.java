package io.parley.voice;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.parley.core.testing.SourceFileSlices;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the files of {@code voice} point one way, as in {@code sessions}: each
 * source file (a top-level class with its nested types) is one slice, and no slice takes part in
 * a cycle.
 */
class FileDependenciesTest {
  private static final JavaClasses VOICE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.parley.voice");

  @Test
  void noFileOfVoiceTakesPartInAReferenceCycle() {
    SourceFileSlices.checkFreeOfCycles("io.parley.voice", VOICE);
  }
}
