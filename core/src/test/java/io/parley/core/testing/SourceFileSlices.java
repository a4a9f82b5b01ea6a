package io.parley.core.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The source files of a package tree as ArchUnit slices: a nested class belongs to the file of its
 * outermost class, so a cycle between two files in one package counts, as it does for a reader.
 */
public final class SourceFileSlices implements SliceAssignment {
  private final String rootPackage;

  private SourceFileSlices(String rootPackage) {
    this.rootPackage = rootPackage;
  }

  /** Fails unless no source file of {@code rootPackage} depends, directly or through others, on a file that depends on it. */
  public static void checkFreeOfCycles(String rootPackage, JavaClasses classes) {
    slices().assignedFrom(new SourceFileSlices(rootPackage)).should().beFreeOfCycles().check(classes);
  }

  /**
   * Fails unless the main classes of {@code rootPackage} are free of file cycles: test classes, and
   * the test jars of other modules on the class path, are left out.
   */
  public static void checkMainFreeOfCycles(String rootPackage) {
    checkFreeOfCycles(rootPackage, new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages(rootPackage));
  }

  @Override
  public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
    if (!javaClass.getPackageName().startsWith(rootPackage)) return SliceIdentifier.ignore();
    String name = javaClass.getName();
    int nested = name.indexOf('$');
    return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
  }

  @Override
  public String getDescription() {
    return "source files of " + rootPackage;
  }
}
