package io.parley.core.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;
import java.util.List;

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
   * Fails unless the files of the main classes of {@code rootPackage} depend one way: no file cycle,
   * and each sealed type's permitted types in its own file. Test classes, and the test jars of other
   * modules on the class path, are left out.
   */
  public static void checkMainFilesDependOneWay(String rootPackage) {
    JavaClasses main = mainClasses(rootPackage);
    checkFreeOfCycles(rootPackage, main);
    checkSealedTypesPermitTheirOwnFile(rootPackage, main);
  }

  /** The main classes of {@code rootPackage}: test classes, and the test jars of other modules on the class path, left out. */
  public static JavaClasses mainClasses(String rootPackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages(rootPackage);
  }

  /**
   * Fails unless each sealed type of {@code rootPackage} permits only types of its own file. A permits clause is no
   * dependency ArchUnit sees, yet it names each permitted type, which names the sealed type back: the two
   * files depend on each other, for a reader as for the compiler.
   */
  public static void checkSealedTypesPermitTheirOwnFile(String rootPackage, JavaClasses classes) {
    List<String> elsewhere = classes.stream()
        .filter(type -> type.getPackageName().startsWith(rootPackage) && type.reflect().isSealed())
        .flatMap(sealed -> Arrays.stream(sealed.reflect().getPermittedSubclasses())
            .map(classes::get)
            .filter(permitted -> !file(permitted).equals(file(sealed)))
            .map(permitted -> sealed.getName() + " permits " + permitted.getName() + " of " + file(permitted)))
        .toList();
    assertEquals(List.of(), elsewhere);
  }

  /** The file the compiler recorded for {@code type}, with its package. */
  private static String file(JavaClass type) {
    return type.getPackageName() + "/" + type.getSource().flatMap(Source::getFileName).orElse(type.getName());
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
