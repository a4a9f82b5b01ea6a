package io.parley.sessions.entity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.parley.sessions.SessionsClasses;
import org.junit.jupiter.api.Test;

/**
 * What a session hears from its own children, timers and asks ({@link InternalCommand}) stays the
 * session's: no package of {@code sessions} but the entity's and its rooms' (its sub-packages, for
 * which it is public) can make one, not workflows, erasure or the agent queue; the edges in
 * {@code http} and {@code voice} are held to the same rule by their own test. What an incarnation
 * hears ({@link SessionInput}) is one of the two protocols, nothing else.
 */
class InternalCommandsTest {
  @Test
  void onlyTheSessionsPackageUsesItsOwnCommands() {
    noClasses().that().resideOutsideOfPackage(InternalCommand.class.getPackageName() + "..")
        .should().dependOnClassesThat().areAssignableTo(InternalCommand.class)
        .because("the edges and the other parts send a session only its public protocol, SessionCommand's records")
        .check(SessionsClasses.MAIN);
  }

  @Test
  void whatASessionHearsIsAPublicCommandOrItsOwn() {
    classes().that().implement(SessionInput.class)
        .should().beAssignableTo(SessionCommand.class).orShould().beAssignableTo(InternalCommand.class)
        .because("a session routes what it hears by the records of its two sealed protocols")
        .check(SessionsClasses.MAIN);
  }
}
