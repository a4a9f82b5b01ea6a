package io.parley.sessions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * What a session hears from its own children, timers and asks ({@link InternalCommand}) stays the
 * session's: no other package of {@code sessions} (workflows, erasure, the agent queue) can make
 * one; the edges in {@code http} and {@code voice} are held to the same rule by their own test.
 */
class InternalCommandsTest {
  private static final JavaClasses SESSIONS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.parley.sessions");

  @Test
  void theSessionsOwnCommandsAreNotPublic() {
    classes().that().haveFullyQualifiedName(InternalCommand.class.getName()).should().notBePublic().check(SESSIONS);
  }

  @Test
  void onlyTheSessionsPackageUsesItsOwnCommands() {
    noClasses().that().resideOutsideOfPackage("io.parley.sessions")
        .should().dependOnClassesThat().areAssignableTo(InternalCommand.class)
        .because("the edges and the other parts send a session only its public protocol, SessionCommand's records")
        .check(SESSIONS);
  }
}
