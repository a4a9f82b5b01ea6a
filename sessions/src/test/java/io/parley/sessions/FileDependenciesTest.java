package io.parley.sessions;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the files of {@code sessions} point one way: no file depends, directly or
 * through others, on a file that depends on it. Each source file (the types it declares, nested or
 * not) is one slice, so a cycle between two files in one package counts, as it does for a reader.
 * A sealed type's {@code permits} is no dependency ArchUnit sees, so a second rule keeps a sealed type
 * and the subtypes it permits in one file, where they need not name each other across files.
 */
class FileDependenciesTest {
  /** One slice per source file, named by its package and the file the compiler recorded. */
  private static final SliceAssignment BY_FILE = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      if (!javaClass.getPackageName().startsWith("io.parley.sessions")) return SliceIdentifier.ignore();
      return SliceIdentifier.of(file(javaClass));
    }

    @Override
    public String getDescription() {
      return "source files of io.parley.sessions";
    }
  };

  private static String file(JavaClass javaClass) {
    String outermost = javaClass.getName().replaceFirst("\\$.*", "");
    return javaClass.getSource().flatMap(Source::getFileName)
        .map(name -> javaClass.getPackageName() + "/" + name)
        .orElse(outermost);
  }

  @Test
  void noFileOfSessionsTakesPartInAReferenceCycle() {
    slices().assignedFrom(BY_FILE).should().beFreeOfCycles().check(SessionsClasses.MAIN);
  }

  @Test
  void aSealedTypePermitsOnlyTypesOfItsOwnFile() {
    List<String> elsewhere = SessionsClasses.MAIN.stream()
        .filter(type -> type.getPackageName().startsWith("io.parley.sessions") && type.reflect().isSealed())
        .flatMap(sealed -> Arrays.stream(sealed.reflect().getPermittedSubclasses())
            .map(permitted -> SessionsClasses.MAIN.get(permitted))
            .filter(permitted -> !file(permitted).equals(file(sealed)))
            .map(permitted -> sealed.getName() + " permits " + permitted.getName() + " of " + file(permitted)))
        .toList();
    assertEquals(List.of(), elsewhere);
  }
}
