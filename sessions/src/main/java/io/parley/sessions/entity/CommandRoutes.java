package io.parley.sessions.entity;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Which handler answers which command of a session in which state: built once, shared by every
 * session of the node. Pekko's handler builder makes a table of its own for each entity, every
 * handler bound to that entity's objects, and an idle session held about 7 KiB of it. Here a
 * handler is given its session instead. A state's own route wins over one for any state; a command
 * and a state are found by their exact class, as every one is a record.
 *
 * @param <E> the session entity the handlers act for
 */
final class CommandRoutes<E> {
  /** Answers {@code command} in {@code state} for {@code session}. */
  @FunctionalInterface
  interface Route<E, S extends SessionState, C extends SessionCommand> {
    ReplyEffect<SessionEvent, SessionState> answer(E session, S state, C command);
  }

  /** Refuses an ask, whatever its reply would have been. */
  interface AskRefusal<H> {
    <T> ReplyEffect<SessionEvent, SessionState> refuse(H handler, ActorRef<StatusReply<T>> replyTo);
  }

  private final Map<Class<?>, Map<Class<?>, Route<E, SessionState, SessionCommand>>> byState;
  private final Map<Class<?>, Route<E, SessionState, SessionCommand>> anyState;

  private CommandRoutes(Map<Class<?>, Map<Class<?>, Route<E, SessionState, SessionCommand>>> byState,
      Map<Class<?>, Route<E, SessionState, SessionCommand>> anyState) {
    this.byState = byState;
    this.anyState = anyState;
  }

  static <E> Builder<E> builder() {
    return new Builder<>();
  }

  ReplyEffect<SessionEvent, SessionState> answer(E session, SessionState state, SessionCommand command) {
    Route<E, SessionState, SessionCommand> route = find(state.getClass(), command.getClass());
    if (route == null) {
      throw new IllegalStateException("no route for " + command.getClass().getSimpleName() + " in state "
          + state.getClass().getSimpleName());
    }
    return route.answer(session, state, command);
  }

  /** A route is found by exact class: one for a type with subtypes would never be found. */
  private static void requireRecord(Class<?> type) {
    if (!type.isRecord()) throw new IllegalArgumentException(type.getSimpleName() + " is not a record: routes need exact classes");
  }

  /** Whether {@code command} has a route in {@code state}, its own or one for any state. */
  boolean routes(Class<? extends SessionState> state, Class<? extends SessionCommand> command) {
    return find(state, command) != null;
  }

  /** The state's own route for the command, else the one for any state; null for none. */
  private Route<E, SessionState, SessionCommand> find(Class<?> state, Class<?> command) {
    Route<E, SessionState, SessionCommand> own = byState.getOrDefault(state, Map.of()).get(command);
    return own != null ? own : anyState.get(command);
  }

  static final class Builder<E> {
    private final Map<Class<?>, Map<Class<?>, Route<E, SessionState, SessionCommand>>> byState = new HashMap<>();
    private final Map<Class<?>, Route<E, SessionState, SessionCommand>> anyState = new HashMap<>();

    private Builder() {}

    /** Routes for a session in state {@code state}. */
    <S extends SessionState> InState<E, S> inState(Class<S> state) {
      requireRecord(state);
      return new InState<>(byState.computeIfAbsent(state, type -> new HashMap<>()));
    }

    /** Routes for whatever state has none of its own for the command. */
    InState<E, SessionState> inAnyState() {
      return new InState<>(anyState);
    }

    CommandRoutes<E> build() {
      Map<Class<?>, Map<Class<?>, Route<E, SessionState, SessionCommand>>> states = new HashMap<>();
      byState.forEach((state, routes) -> states.put(state, Map.copyOf(routes)));
      return new CommandRoutes<>(Map.copyOf(states), Map.copyOf(anyState));
    }
  }

  static final class InState<E, S extends SessionState> {
    private final Map<Class<?>, Route<E, SessionState, SessionCommand>> routes;

    private InState(Map<Class<?>, Route<E, SessionState, SessionCommand>> routes) {
      this.routes = routes;
    }

    // A route is only ever found by its state's and command's exact classes, so its casts hold.
    @SuppressWarnings("unchecked")
    <C extends SessionCommand> InState<E, S> on(Class<C> command, Route<E, S, C> route) {
      requireRecord(command);
      if (routes.putIfAbsent(command, (Route<E, SessionState, SessionCommand>) (Route<E, ?, ?>) route) != null) {
        throw new IllegalArgumentException(command.getSimpleName() + " has two routes in one state");
      }
      return this;
    }

    /** Routes in this state answered by the session's {@code handler}, each a method of it. */
    <H> Handled<E, S, H> by(Function<E, H> handler) {
      return new Handled<>(this, handler);
    }
  }

  /**
   * Routes to one handler of the session: {@code on(PostUserMessage.class, OpenCommands::onUserMessage)}
   * names the method that answers, and the table keeps one small function per route for every session.
   */
  static final class Handled<E, S extends SessionState, H> {
    private final InState<E, S> routes;
    private final Function<E, H> handler;

    private Handled(InState<E, S> routes, Function<E, H> handler) {
      this.routes = routes;
      this.handler = handler;
    }

    <C extends SessionCommand> Handled<E, S, H> on(Class<C> command, Route<H, S, C> route) {
      routes.on(command, (session, state, cmd) -> route.answer(handler.apply(session), state, cmd));
      return this;
    }

    /**
     * Refuses the asks that need a conversation (posting, awaiting an answer, closing, viewing, page
     * context, attachments, rating), as a session without one does.
     */
    Handled<E, S, H> refusingAsks(AskRefusal<H> refusal) {
      return on(SessionCommand.PostUserMessage.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()))
          .on(SessionCommand.AwaitAnswer.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()))
          .on(SessionCommand.Close.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()))
          .on(SessionCommand.GetView.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()))
          .on(SessionCommand.SetPageContext.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()))
          .on(SessionCommand.AddAttachment.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()))
          .on(SessionCommand.Rate.class, (h, state, cmd) -> refusal.refuse(h, cmd.replyTo()));
    }
  }
}
