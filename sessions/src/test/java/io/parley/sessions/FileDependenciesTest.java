package io.parley.sessions;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the files of {@code sessions} point one way: no file depends, directly or
 * through others, on a file that depends on it. Each source file (a top-level class with its nested
 * types) is one slice, so a cycle between two files in one package counts, as it does for a reader.
 */
class FileDependenciesTest {
  /** One slice per source file: a nested class belongs to the file of its outermost class. */
  private static final SliceAssignment BY_FILE = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      if (!javaClass.getPackageName().startsWith("io.parley.sessions")) return SliceIdentifier.ignore();
      String name = javaClass.getName();
      int nested = name.indexOf('$');
      return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
    }

    @Override
    public String getDescription() {
      return "source files of io.parley.sessions";
    }
  };

  @Test
  void noFileOfSessionsTakesPartInAReferenceCycle() {
    slices().assignedFrom(BY_FILE).should().beFreeOfCycles().check(SessionsClasses.MAIN);
  }
}
