package io.parley.sessions.entity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import io.parley.sessions.SessionsClasses;
import java.util.List;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.junit.jupiter.api.Test;

/**
 * A session's handlers stand apart: none names another (what several need is a part they are all
 * given, a fold, a policy or a small value), and none persists but through {@link SessionEffects},
 * the one place a recent release's event types are held back.
 */
class HandlersApartTest {
  private static final String ENTITY = "io.parley.sessions.entity..";

  @Test
  void noHandlerNamesAnotherHandler() {
    List<String> named = SessionsClasses.MAIN.stream().filter(HandlersApartTest::isHandler)
        .flatMap(handler -> handler.getDirectDependenciesFromSelf().stream()
            .filter(dependency -> isHandler(dependency.getTargetClass())
                && !top(dependency.getTargetClass()).equals(top(handler)))
            .map(dependency -> top(handler) + " -> " + top(dependency.getTargetClass())))
        .distinct().sorted().toList();
    assertEquals(List.of(), named, "handlers are routed by SessionProtocol and share parts, never each other");
  }

  @Test
  void onlyTheGatePersistsOrReadsTheReleaseGate() {
    noClasses().that().resideInAPackage(ENTITY).and().doNotHaveFullyQualifiedName(SessionEffects.class.getName())
        .should().callMethod(EffectFactories.class, "persist", Object.class)
        .orShould().callMethod(EffectFactories.class, "persist", List.class)
        .orShould().getField(SessionEvent.class, "INTRODUCED")
        .because("SessionEffects applies the release gate to every persist")
        .check(SessionsClasses.MAIN);
  }

  /** A handler: a {@code *Commands} class of the entity or its rooms, with what is nested in it. */
  private static boolean isHandler(JavaClass type) {
    return type.getPackageName().startsWith("io.parley.sessions.entity") && top(type).endsWith("Commands");
  }

  private static String top(JavaClass type) {
    String name = type.getName();
    return name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
  }
}
