package io.parley.sessions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

/**
 * What a session hears from its own children, timers and asks ({@link InternalCommand}) stays the
 * session's: no other package of {@code sessions} (workflows, erasure, the agent queue) can make
 * one; the edges in {@code http} and {@code voice} are held to the same rule by their own test.
 */
class InternalCommandsTest {
  @Test
  void theSessionsOwnCommandsAreNotPublic() {
    classes().that().haveFullyQualifiedName(InternalCommand.class.getName()).should().notBePublic()
        .check(SessionsClasses.MAIN);
  }

  @Test
  void onlyTheSessionsPackageUsesItsOwnCommands() {
    noClasses().that().resideOutsideOfPackage("io.parley.sessions")
        .should().dependOnClassesThat().areAssignableTo(InternalCommand.class)
        .because("the edges and the other parts send a session only its public protocol, SessionCommand's records")
        .check(SessionsClasses.MAIN);
  }
}
