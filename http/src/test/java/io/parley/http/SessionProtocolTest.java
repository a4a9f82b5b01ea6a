package io.parley.http;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The edges (chat and agent sockets, REST, the voice bridges) send a session only its public
 * protocol: the records of {@code SessionCommand}, never what the session hears from its own
 * children, timers and asks ({@code io.parley.sessions.InternalCommand}).
 */
class SessionProtocolTest {
  private static final JavaClasses EDGES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.parley.http", "io.parley.voice");

  @Test
  void theEdgesSendOnlyThePublicProtocol() {
    noClasses().should().dependOnClassesThat(assignableTo("io.parley.sessions.InternalCommand")).check(EDGES);
  }
}
