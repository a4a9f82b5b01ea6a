package io.parley.sessions.entity;

/**
 * What a session's incarnation hears: a {@link SessionCommand}, which anyone holding the session's
 * entity reference may send, or an {@link InternalCommand}, which only the session itself, its
 * children, timers and asks send. It is the incarnation's message type and no protocol of its own:
 * both are sealed, and nothing else implements this (sessions' {@code InternalCommandsTest}). It is
 * not sealed because a sealed type names what it permits, and the two protocols, each in a file of
 * its own, would then name each other.
 */
public interface SessionInput {}
