package io.parley.tools.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.SteppedClock;
import io.parley.persistence.Dialect;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replies' outbox on each database: a reply stored while its conversation did not answer is
 * appended by a later round (what a node that died after storing it leaves); an email that cannot
 * be sent (an SMTP port nobody listens on) is retried, its error shown meanwhile, and failed for
 * good once the retry window has passed; a conversation without an address sends nothing; an
 * erased customer's tickets go with their replies; a reply just stored is left to the request that
 * stored it, and a round takes it only once that request had its time.
 */
class TicketReplyDeliveryTest {
  private static final Instant AT = Instant.parse("2026-11-28T20:00:00Z");
  private static final NewTicket ASKED = new NewTicket("A customer asked for a person", "Customer: help", TicketPriority.NORMAL);

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void aReplyIsAppendedByALaterRoundAndAFailingEmailIsRetriedThenFailed(Dialect dialect) throws Exception {
    Desk desk = desk(dialect);
    TicketReplies replies = desk.replies();
    Ticket ticket = desk.ticketOf("s-1");
    assertEquals(1, desk.tickets().markContact("acme", "s-1", true));
    assertTrue(desk.tickets().find("acme", ticket.number()).orElseThrow().emailContact());

    FakeConversations conversations = new FakeConversations();
    conversations.down = true;
    TicketReplyDelivery delivery = desk.delivery(conversations, Optional.of(unreachableSmtp()));
    TicketReply stored = replies.add("acme", ticket.number(), "agent-dana", "Dana", " A new kettle ships today. ", true);
    assertEquals("A new kettle ships today.", stored.text());
    TicketReply after = delivery.appendNow(stored);
    assertFalse(after.inConversation(), "the conversation did not answer");
    assertTrue(after.lastError().orElseThrow().contains("the session is asleep"), after.toString());

    conversations.down = false;
    desk.clock().advance(Duration.ofMinutes(1));
    assertEquals(1, delivery.round());
    assertEquals(List.of("s-1:ticket-T-1001-1"), conversations.appended);
    TicketReply retried = replies.of("acme", ticket.number()).get(0);
    assertTrue(retried.inConversation());
    assertEquals(TicketReply.Mail.PENDING, retried.mail(), "the email is retried");
    assertTrue(retried.lastError().isPresent(), "its error shows in the ticket: " + retried);

    desk.clock().advance(Duration.ofMinutes(10));
    delivery.round();
    TicketReply failed = replies.of("acme", ticket.number()).get(0);
    assertEquals(TicketReply.Mail.FAILED, failed.mail(), failed.toString());
    assertEquals(List.of(), replies.due(desk.clock().instant().plus(Duration.ofDays(1)), 10), "nothing left to do");
    assertEquals(List.of("s-1:ticket-T-1001-1"), conversations.appended, "appended once");

    assertEquals(1, desk.tickets().eraseOfSessions("acme", List.of("s-1")));
    assertEquals(List.of(), replies.of("acme", ticket.number()));
  }

  @OnEachDialect
  void aConversationWithoutAnAddressSendsNoEmail(Dialect dialect) {
    Desk desk = desk(dialect);
    TicketReplies replies = desk.replies();
    Ticket ticket = desk.ticketOf("s-2");
    FakeConversations conversations = new FakeConversations();
    conversations.email = Optional.empty();
    TicketReplyDelivery delivery = desk.delivery(conversations, Optional.of(unreachableSmtp()));
    TicketReply stored = delivery.appendNow(replies.add("acme", ticket.number(), "agent-dana", "Dana", "Hi", true));
    assertTrue(stored.inConversation());
    delivery.round();
    TicketReply done = replies.of("acme", ticket.number()).get(0);
    assertEquals(TicketReply.Mail.NONE, done.mail());
    assertTrue(done.lastError().orElseThrow().contains("keeps no email address"), done.toString());
  }

  @OnEachDialect
  void aNewReplyIsLeftToTheRequestThatStoredItAndToARoundOnlyWhenThatNeverCame(Dialect dialect) {
    Desk desk = desk(dialect);
    long number = desk.ticketOf("s-3").number();
    FakeConversations conversations = new FakeConversations();
    TicketReplyDelivery delivery = desk.delivery(conversations, Optional.empty());

    TicketReply stored = desk.replies().add("acme", number, "agent-dana", "Dana", "Hi", false);
    assertEquals(0, delivery.round(), "not taken from under the request that stored it");
    assertTrue(delivery.appendNow(stored).inConversation(), "the request answers with the reply in the conversation");

    desk.replies().add("acme", number, "agent-dana", "Dana", "Are you still there?", false);
    assertEquals(0, delivery.round());
    desk.clock().advance(TicketReplies.HELD_FOR_ITS_REQUEST.plusSeconds(1));
    assertEquals(1, delivery.round(), "a node that stored it and stopped before appending it leaves it to a round");
    assertTrue(desk.replies().of("acme", number).get(1).inConversation());
    assertEquals(List.of("s-3:ticket-T-1001-1", "s-3:ticket-T-1001-2"), conversations.appended);
  }

  /** The tickets and their replies on one database, at a clock the test steps. */
  private record Desk(SteppedClock clock, TicketStore tickets, TicketReplies replies) {
    Ticket ticketOf(String sessionId) {
      return tickets.openForSession("acme", ASKED, sessionId, Optional.empty()).ticket();
    }

    TicketReplyDelivery delivery(FakeConversations conversations, Optional<MailSettings> mail) {
      return new TicketReplyDelivery(tickets, replies, conversations, mail, clock);
    }
  }

  private Desk desk(Dialect dialect) {
    SteppedClock clock = new SteppedClock(AT);
    var dataSource = databases.open(dialect).dataSource();
    return new Desk(clock, new TicketStore(dataSource, clock), new TicketReplies(dataSource, clock));
  }

  private static MailSettings unreachableSmtp() throws RuntimeException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return new MailSettings("127.0.0.1", port, Optional.empty(), Optional.empty(), "support@acme.example", false,
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(1));
  }

  private static final class FakeConversations implements TicketReplyDelivery.Conversations {
    final List<String> appended = new ArrayList<>();
    volatile boolean down;
    volatile Optional<String> email = Optional.of("ann.lee@example.com");

    @Override
    public CompletionStage<String> append(String sessionId, TicketReply reply) {
      if (down) return CompletableFuture.failedFuture(new IllegalStateException("the session is asleep"));
      if (!appended.contains(sessionId + ":" + reply.conversationKey())) appended.add(sessionId + ":" + reply.conversationKey());
      return CompletableFuture.completedFuture(reply.text());
    }

    @Override
    public CompletionStage<TicketReplyDelivery.Contact> contact(String tenant, String sessionId) {
      return CompletableFuture.completedFuture(new TicketReplyDelivery.Contact(email, Optional.empty(), "en"));
    }
  }
}
