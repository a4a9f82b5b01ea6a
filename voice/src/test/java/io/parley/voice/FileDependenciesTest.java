package io.parley.voice;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
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

  private static final SliceAssignment BY_FILE = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      if (!javaClass.getPackageName().startsWith("io.parley.voice")) return SliceIdentifier.ignore();
      String name = javaClass.getName();
      int nested = name.indexOf('$');
      return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
    }

    @Override
    public String getDescription() {
      return "source files of io.parley.voice";
    }
  };

  @Test
  void noFileOfVoiceTakesPartInAReferenceCycle() {
    slices().assignedFrom(BY_FILE).should().beFreeOfCycles().check(VOICE);
  }
}
