package io.parley.sessions.conversations;

/**
 * Told of each tenant a committed batch began, closed or had rated a conversation of, once a batch
 * however many it did. A conversation begins with its customer's first message, as the list and the
 * figures count it ({@code ConversationRow.counted}); a later message tells nothing. The rows are stored by
 * then, so whoever reads them again on this notice (the admin console,
 * docs/admin-console.md#live-panels) finds them. A batch folded again after a crash tells again.
 */
@FunctionalInterface
public interface ConversationTurns {
  /** Nobody is told. */
  ConversationTurns NONE = tenant -> {};

  void begunOrClosed(String tenant);
}
