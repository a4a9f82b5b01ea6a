package io.parley.sessions.entity;

import java.util.function.Consumer;

/**
 * What follows a durable user message besides its fan-out: the wait for the person it asked for
 * ({@link HandoffCommands#waitForAgent}), then the next turn ({@link TurnCommands#maybeStartTurn}).
 * {@link OpenCommands} is given these two steps, not the handlers that own them.
 */
record MessageFollowUps(Consumer<SessionState> waitForAgent, Consumer<SessionState> startTurn) {}
