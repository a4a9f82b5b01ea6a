package io.parley.tools.tickets;

import java.time.Instant;
import java.util.Optional;

/**
 * A staff member's reply to a ticket, as the outbox keeps it: stored before it goes anywhere, then
 * appended to the conversation ({@code inConversation}) and, when the customer left an address and
 * the node sends email, mailed ({@code mail}).
 *
 * @param seq its place among the ticket's replies, from 1
 * @param author the staff member's agent id; {@code authorName} the name the customer reads
 * @param attempts the email's attempts so far
 * @param lastError why the last attempt failed, if it did
 */
public record TicketReply(String tenant, long number, int seq, String author, String authorName, String text,
    Instant createdAt, boolean inConversation, Mail mail, int attempts, Optional<String> lastError,
    Optional<Instant> sentAt) {

  /** Where the reply's email is: none to send, waiting to be sent, sent, or given up on. */
  public enum Mail {
    NONE, PENDING, SENT, FAILED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Mail fromWireName(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** The key that makes appending it to the conversation idempotent: {@code ticket-T-1042-1}. */
  public String conversationKey() {
    return "ticket-" + TicketIds.format(number) + "-" + seq;
  }
}
