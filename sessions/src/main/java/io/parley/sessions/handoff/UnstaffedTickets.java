package io.parley.sessions.handoff;

import io.parley.core.handoff.TicketTranscript;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.SessionId;
import io.parley.tools.tickets.NewTicket;
import io.parley.tools.tickets.Ticket;
import io.parley.tools.tickets.TicketPriority;
import io.parley.tools.tickets.TicketStore;
import io.parley.tools.tickets.TicketUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ticket of a conversation that asked for a person when none came (no agent online, or none
 * within the wait limit), with the conversation attached, so the team answers it later. One open
 * ticket per conversation ({@link TicketStore#openForSession}): when the conversation has one
 * already (the bot escalated, or nobody came before), the messages it does not hold yet are added
 * to it as a note, so each message is attached once.
 */
@FunctionalInterface
public interface UnstaffedTickets {
  /** Where {@link #contactLeft} says it could not mark a ticket. */
  Logger LOG = LoggerFactory.getLogger(UnstaffedTickets.class);

  /** The ticket for the request made at {@code since}: the same one however often it is asked. */
  CompletionStage<Ticket> open(SessionId session, String subject, List<ChatMessage> conversation, Instant since);

  /** Whether this node sends a ticket's replies by email (SMTP configured): only then is an address kept. */
  default boolean emailsReplies() {
    return false;
  }

  /**
   * The customer left a contact: the conversation's open ticket says so ({@code byEmail}: an address
   * for replies), never the address. Best effort, off the session's thread: the address itself is
   * in the journal, which the mail outbox reads when it sends.
   */
  default void contactLeft(SessionId session, boolean byEmail) {}

  /** For a node or a test without tickets: the customer is told no person came, and no ticket is named. */
  static UnstaffedTickets none() {
    return (session, subject, conversation, since) ->
        CompletableFuture.failedFuture(new IllegalStateException("tickets are not kept on this node"));
  }

  /** On {@code tickets}, blocking on {@code blocking}; {@code emailsReplies} when SMTP is configured. */
  static UnstaffedTickets of(TicketStore tickets, Executor blocking, boolean emailsReplies) {
    UnstaffedTickets opening = of(tickets, blocking);
    return new UnstaffedTickets() {
      @Override
      public CompletionStage<Ticket> open(SessionId session, String subject, List<ChatMessage> conversation, Instant since) {
        return opening.open(session, subject, conversation, since);
      }

      @Override
      public boolean emailsReplies() {
        return emailsReplies;
      }

      @Override
      public void contactLeft(SessionId session, boolean byEmail) {
        CompletableFuture.runAsync(() -> tickets.markContact(session.tenant(), session.wireId(), byEmail), blocking)
            .exceptionally(failed -> {
              LOG.warn("Could not mark the ticket of {} as having a contact", session.wireId(), failed);
              return null;
            });
      }
    };
  }

  /** On {@code tickets}, blocking on {@code blocking}. */
  static UnstaffedTickets of(TicketStore tickets, Executor blocking) {
    return (session, subject, conversation, since) -> CompletableFuture.supplyAsync(() -> {
      String text = TicketTranscript.of(conversation, NewTicket.MAX_DESCRIPTION_CHARS);
      TicketStore.Creation creation = tickets.openForSession(session.tenant(),
          new NewTicket(subject, text.isBlank() ? subject : text, TicketPriority.NORMAL), session.wireId(),
          Optional.of("unstaffed/" + session.wireId() + "/" + since.toEpochMilli()));
      Ticket ticket = creation.ticket();
      if (creation.conversations()) attachNewer(tickets, ticket, conversation);
      return ticket;
    }, blocking);
  }

  /** Adds to the conversation's ticket the messages it does not hold yet, so each is attached once. */
  private static void attachNewer(TicketStore tickets, Ticket ticket, List<ChatMessage> conversation) {
    List<String> texts = new ArrayList<>();
    texts.add(ticket.description());
    tickets.history(ticket.tenant(), ticket.number()).forEach(change -> change.note().ifPresent(texts::add));
    long through = TicketTranscript.attachedThrough(texts);
    String newer = TicketTranscript.of(conversation.stream().filter(m -> m.seq() > through).toList(),
        TicketUpdate.MAX_NOTE_CHARS);
    if (!newer.isEmpty()) tickets.noteOnce(ticket.tenant(), ticket.number(), newer);
  }
}
