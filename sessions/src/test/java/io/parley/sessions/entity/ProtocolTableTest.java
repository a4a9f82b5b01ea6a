package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionProtocol} is the whole protocol: every command, public or the session's own, is routed in every phase, every event
 * is persisted by some route and folded in the phase that persists it, and what a route says it
 * replies is what its command's {@code replyTo} takes.
 */
class ProtocolTableTest {
  private static final List<Class<?>> STATES = List.of(SessionState.class.getPermittedSubclasses());
  /** What a session hears: the public commands and its own. */
  private static final List<Class<?>> COMMANDS =
      Stream.concat(records(SessionCommand.class).stream(), records(InternalCommand.class).stream()).toList();

  @Test
  void everyCommandHasARouteInEveryPhase() {
    List<String> missing = new ArrayList<>();
    for (Class<?> state : STATES) {
      for (Class<?> command : COMMANDS) {
        if (declared(state, command).isEmpty()) missing.add(command.getSimpleName() + " in " + state.getSimpleName());
      }
    }
    assertEquals(List.of(), missing, "a command with no route fails the session");
  }

  @Test
  void everyEventIsPersistedByARouteAndFoldedWhereItIsPersisted() {
    Set<String> persisted = new TreeSet<>();
    Set<String> unfolded = new TreeSet<>();
    for (Class<?> state : STATES) {
      for (Class<?> command : COMMANDS) {
        for (Class<? extends SessionEvent> event : declared(state, command).map(CommandRoutes.Declared::persists)
            .orElse(Set.of())) {
          persisted.add(event.getSimpleName());
          // A start's events after the first are folded by the session it opened.
          Class<? extends SessionState> foldedBy = state == SessionState.NotStarted.class
              && event != SessionEvent.SessionStarted.class ? SessionState.Open.class : state.asSubclass(SessionState.class);
          if (SessionProtocol.EVENTS.foldedIn(foldedBy, event).isEmpty()) {
            unfolded.add(event.getSimpleName() + " persisted in " + state.getSimpleName());
          }
        }
      }
    }
    Set<String> never = new TreeSet<>();
    for (Class<?> event : records(SessionEvent.class)) {
      // Written by no command: an unreadable event reads as this one (SessionSeal).
      if (event != SessionEvent.ContentErased.class && !persisted.contains(event.getSimpleName())) {
        never.add(event.getSimpleName());
      }
    }
    assertEquals(Set.of(), never, "events no route of SessionProtocol lists");
    assertEquals(Set.of(), unfolded, "events a phase persists but has no fold for");
    assertEquals(Optional.of(SessionState.class),
        SessionProtocol.EVENTS.foldedIn(SessionState.Open.class, SessionEvent.ContentErased.class));
  }

  @Test
  void whatARouteRepliesIsWhatItsCommandTakes() {
    List<String> wrong = new ArrayList<>();
    for (Class<?> state : STATES) {
      for (Class<?> command : COMMANDS) {
        Optional<CommandRoutes.Declared> declared = declared(state, command);
        Optional<Class<?>> takes = replyOf(command);
        if (declared.isEmpty() || declared.get().reply() == CommandRoutes.REFUSAL) continue;
        Class<?> said = declared.get().reply();
        // A command without replyTo of its own (a report's) is answered through what it carries.
        if (takes.isPresent() && !takes.get().equals(said)) {
          wrong.add(command.getSimpleName() + " in " + state.getSimpleName() + " replies " + said.getSimpleName()
              + ", takes " + takes.get().getSimpleName());
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  private static Optional<CommandRoutes.Declared> declared(Class<?> state, Class<?> command) {
    return SessionProtocol.COMMANDS.declared(state.asSubclass(SessionState.class), command.asSubclass(SessionInput.class));
  }

  /** What {@code command}'s {@code replyTo} takes: {@code T} of {@code ActorRef<StatusReply<T>>} or of {@code ActorRef<T>}. */
  private static Optional<Class<?>> replyOf(Class<?> command) {
    for (RecordComponent component : command.getRecordComponents()) {
      if (!component.getName().equals("replyTo")) continue;
      Type taken = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
      if (taken instanceof ParameterizedType status && status.getRawType() == StatusReply.class) {
        taken = status.getActualTypeArguments()[0];
      }
      return Optional.of(taken instanceof ParameterizedType generic ? (Class<?>) generic.getRawType() : (Class<?>) taken);
    }
    return Optional.empty();
  }

  /** Every record of a sealed family, through its sealed sub-families. */
  private static List<Class<?>> records(Class<?> family) {
    List<Class<?>> found = new ArrayList<>();
    for (Class<?> permitted : family.getPermittedSubclasses()) {
      if (permitted.isRecord()) found.add(permitted);
      else if (permitted.isSealed()) found.addAll(records(permitted));
    }
    return found;
  }
}
