package io.parley.http;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.parley.sessions.entity.ChatSession;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.ToolCallNote;
import io.parley.sessions.turn.Answering;
import io.parley.sessions.turn.PressKeysTool;
import io.parley.sessions.turn.TurnPrompts;
import org.junit.jupiter.api.Test;

/**
 * The edges (chat and agent sockets, REST, the voice bridges) send a session only its public
 * protocol: the records of {@code SessionCommand}, never what the session hears from its own
 * children, timers and asks ({@code io.parley.sessions.entity.InternalCommand}). They use the top package
 * of {@code sessions} and, of the entity ({@code sessions.entity}), its protocol only; not the parts
 * of a session behind it (its seal, handlers and parts, its turn, its host).
 */
class SessionProtocolTest {
  private static final JavaClasses EDGES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.parley.http", "io.parley.voice");

  @Test
  void theEdgesSendOnlyThePublicProtocol() {
    noClasses().should().dependOnClassesThat(assignableTo("io.parley.sessions.entity.InternalCommand")).check(EDGES);
  }

  /**
   * The node builds the prompts once ({@code TurnPrompts}), for its sessions and its phone numbers,
   * what its sessions' turns are given ({@code Answering}), and offers the keypad's tool among its own
   * ({@code PressKeysTool}).
   */
  @Test
  void theEdgesUseTheSessionsTopPackageNotTheTurnOrTheHost() {
    noClasses().should().dependOnClassesThat(resideInAPackage("io.parley.sessions.host.."))
        .orShould().dependOnClassesThat(resideInAPackage("io.parley.sessions.turn..")
            .and(not(type(TurnPrompts.class)).and(not(type(Answering.class))).and(not(type(PressKeysTool.class)))))
        .check(EDGES);
  }

  /**
   * Of the entity, an edge finds sessions, tells them its commands and shows their notes (the tool
   * calls they keep among them); how a session keeps itself (its seal, state, handlers and parts)
   * is the entity's.
   */
  @Test
  void theEdgesUseOfTheEntityOnlyItsProtocol() {
    noClasses().should().dependOnClassesThat(resideInAPackage("io.parley.sessions.entity")
            .and(not(belongToAnyOf(ChatSessions.class, ChatSession.class, SessionCommand.class, ConversationNotes.class,
                ToolCallNote.class))))
        .check(EDGES);
  }
}
