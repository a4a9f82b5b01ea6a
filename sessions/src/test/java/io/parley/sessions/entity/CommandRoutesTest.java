package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.sessions.entity.InternalCommand.IdleCheck;
import io.parley.sessions.entity.InternalCommand.Stop;
import io.parley.sessions.entity.SessionState.Erased;
import io.parley.sessions.entity.SessionState.NotStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.junit.jupiter.api.Test;

class CommandRoutesTest {
  /** The entity the routes act for: here a log of which route answered. */
  private final List<String> answered = new ArrayList<>();

  @Test
  void aStatesOwnRouteWinsOverOneForAnyState() {
    CommandRoutes.Builder<List<String>> builder = CommandRoutes.builder();
    builder.inState(NotStarted.class).on(Stop.class, (log, state, cmd) -> answer(log, "not started"));
    builder.inAnyState().on(Stop.class, (log, state, cmd) -> answer(log, "any"));
    CommandRoutes<List<String>> routes = builder.build();

    routes.answer(answered, new NotStarted(), new Stop());
    routes.answer(answered, new Erased(), new Stop());

    assertEquals(List.of("not started", "any"), answered);
  }

  @Test
  void aRouteByAHandlerAnswersWithTheHandlerOfTheSessionAsked() {
    CommandRoutes.Builder<List<String>> builder = CommandRoutes.builder();
    builder.inState(NotStarted.class).by(Recorder::new).on(Stop.class, Recorder::onStop, Set.of(), CommandRoutes.NO_REPLY);
    CommandRoutes<List<String>> routes = builder.build();
    List<String> other = new ArrayList<>();

    routes.answer(answered, new NotStarted(), new Stop());
    routes.answer(other, new NotStarted(), new Stop());

    assertEquals(List.of("stopped"), answered);
    assertEquals(List.of("stopped"), other);
  }

  /** A handler of one session (here its log), as ChatSession keeps one of each. */
  private record Recorder(List<String> log) {
    ReplyEffect<SessionEvent, SessionState> onStop(NotStarted state, Stop cmd) {
      return answer(log, "stopped");
    }
  }

  @Test
  void aCommandWithNoRouteInItsStateIsRefusedByName() {
    CommandRoutes.Builder<List<String>> builder = CommandRoutes.builder();
    builder.inState(NotStarted.class).on(Stop.class, (log, state, cmd) -> answer(log, "stop"));
    CommandRoutes<List<String>> routes = builder.build();

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> routes.answer(answered, new Erased(), new Stop()));
    assertTrue(refused.getMessage().contains("Stop") && refused.getMessage().contains("Erased"), refused.getMessage());
    assertThrows(IllegalStateException.class, () -> routes.answer(answered, new NotStarted(), new IdleCheck()));
  }

  @Test
  void aCommandRoutedTwiceInOneStateIsAMistakeCaughtWhenBuilt() {
    CommandRoutes.Builder<List<String>> builder = CommandRoutes.builder();
    CommandRoutes.InState<List<String>, NotStarted> notStarted =
        builder.inState(NotStarted.class).on(Stop.class, (log, state, cmd) -> answer(log, "first"));

    assertThrows(IllegalArgumentException.class, () -> notStarted.on(Stop.class, (log, state, cmd) -> answer(log, "second")));
  }

  @Test
  void aRouteIsForAnExactStateAndCommandOnly() {
    CommandRoutes.Builder<List<String>> builder = CommandRoutes.builder();

    assertThrows(IllegalArgumentException.class, () -> builder.inState(SessionState.class));
    assertThrows(IllegalArgumentException.class,
        () -> builder.inAnyState().on(SessionCommand.class, (log, state, cmd) -> answer(log, "any command")));
  }

  /** Routes answer with Pekko's effects; these only record who answered. */
  private static ReplyEffect<SessionEvent, SessionState> answer(List<String> log, String route) {
    log.add(route);
    return null;
  }
}
