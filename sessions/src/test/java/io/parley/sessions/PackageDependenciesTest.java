package io.parley.sessions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The packages of a session depend one way: the entity ({@code sessions.entity}) and the edge API
 * ({@code io.parley.sessions}) use the turn ({@code sessions.turn}) and the host
 * ({@code sessions.host}), which know nothing of the entity. A turn reports through
 * {@code TurnReport} and a host asks through {@code SessionRest}; what they take from the top
 * package and the entity's is named here, and is public there.
 */
class PackageDependenciesTest {
  private static final String TOP = "io.parley.sessions";
  private static final String ENTITY = TOP + ".entity";
  @Test
  void aTurnUsesOfTheTopPackageOnlyTheNodesSettingsAndMetrics() {
    noClasses().that().resideInAPackage(TOP + ".turn..")
        .should().dependOnClassesThat(ofTheTopPackageExcept("SessionSettings", "SessionMetrics"))
        .orShould().dependOnClassesThat().resideInAPackage(TOP + ".host..")
        .because("a turn reports to its session through TurnReport, heard behind a message adapter")
        .check(SessionsClasses.MAIN);
  }

  @Test
  void aHostUsesOfTheTopPackageOnlyThePublicProtocolAndTheMetrics() {
    noClasses().that().resideInAPackage(TOP + ".host..")
        .should().dependOnClassesThat(ofTheTopPackageExcept("SessionCommand", "SessionInput", "SessionUpdate",
            "SessionMetrics"))
        .orShould().dependOnClassesThat().resideInAPackage(TOP + ".turn..")
        .because("a host forwards the edges' commands and sharding's stop (an incarnation hears SessionInput) and asks"
            + " its incarnation through SessionRest only")
        .check(SessionsClasses.MAIN);
  }

  /**
   * Classes of the top package itself and of the entity's (not the other sub-packages), but for
   * those named and their nested types.
   */
  private static DescribedPredicate<JavaClass> ofTheTopPackageExcept(String... allowed) {
    Set<String> names = Set.of(allowed);
    return new DescribedPredicate<>("belong to " + TOP + " itself or " + ENTITY + ", other than " + String.join(", ", allowed)) {
      @Override
      public boolean test(JavaClass type) {
        String pkg = type.getPackageName();
        if (!pkg.equals(TOP) && !pkg.equals(ENTITY)) return false;
        String simple = type.getName().substring(pkg.length() + 1);
        int nested = simple.indexOf('$');
        return !names.contains(nested < 0 ? simple : simple.substring(0, nested));
      }
    };
  }
}
