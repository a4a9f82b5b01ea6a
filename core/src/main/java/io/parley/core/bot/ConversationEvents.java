package io.parley.core.bot;

import java.util.Set;

/**
 * The conversation events a tenant's webhook may subscribe to in its bot configuration
 * ({@code webhookEvents}, docs/bot-config.md#conversation-events). Each delivery names its
 * conversation and the event, never what anyone wrote.
 */
public final class ConversationEvents {
  public static final String STARTED = "conversation.started";
  public static final String CLOSED = "conversation.closed";
  public static final String MESSAGE_CREATED = "message.created";
  public static final String HANDOFF_REQUESTED = "handoff.requested";
  public static final String HANDOFF_TAKEN = "handoff.taken";
  public static final String RATED = "conversation.rated";
  public static final Set<String> NAMES = Set.of(STARTED, CLOSED, MESSAGE_CREATED, HANDOFF_REQUESTED, HANDOFF_TAKEN, RATED);

  private ConversationEvents() {}
}
