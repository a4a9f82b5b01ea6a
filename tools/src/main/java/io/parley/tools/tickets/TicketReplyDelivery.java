package io.parley.tools.tickets;

import io.parley.core.language.LanguageTag;
import io.parley.core.language.TextOverrides;
import io.parley.core.language.Wording;
import io.parley.core.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the replies of {@link TicketReplies} where they go: into the ticket's conversation (an
 * agent's message the customer reads when they come back), then, when the customer left an address
 * and the node has SMTP ({@code mail}), to their email, the address read from the conversation's
 * sealed journal at the moment of sending and never stored here. Each attempt is claimed first;
 * a failure waits by the node's {@link Backoff} and is tried again until {@link MailSettings#retryFor}
 * has passed, and then shows in the ticket as failed (its last error with it). Runs on whatever
 * thread calls {@link #round}: it blocks on the database, the session's answer and SMTP.
 */
public final class TicketReplyDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(TicketReplyDelivery.class);
  private static final int BATCH = 20;
  private static final Duration CLAIM_FOR = Duration.ofMinutes(2);
  private static final Duration ASK_FOR = Duration.ofSeconds(15);
  /** An append may wait for the model's translation of the reply (its answer within 60 seconds). */
  private static final Duration APPEND_FOR = Duration.ofSeconds(75);
  private static final Duration DEFAULT_RETRY_FOR = Duration.ofHours(24);

  /** What the delivery needs of a conversation; the node asks its session. */
  public interface Conversations {
    /**
     * Appends the reply as an agent's message (idempotent on {@link TicketReply#conversationKey()}),
     * completing with its text as the customer reads it: translated into the conversation's
     * language where the tenant has agents' replies translated (docs/languages.md#staff).
     */
    CompletionStage<String> append(String sessionId, TicketReply reply);

    /** The contact the customer of the tenant's conversation left, if any. */
    CompletionStage<Contact> contact(String tenant, String sessionId);
  }

  /**
   * The address the customer left (empty: none), the transcript when they asked for it, their
   * language, and the tenant's wording of its texts ({@code texts}: its own texts and formality).
   */
  public record Contact(Optional<String> email, Optional<String> transcript, String language, TextOverrides texts) {
    /** A contact under a tenant with no wording of its own. */
    public Contact(Optional<String> email, Optional<String> transcript, String language) {
      this(email, transcript, language, TextOverrides.NONE);
    }
  }

  private final TicketStore tickets;
  private final TicketReplies replies;
  private final Conversations conversations;
  private final Optional<ReplyMail> mail;
  private final Backoff backoff;
  private final Duration retryFor;
  private final Clock clock;

  public TicketReplyDelivery(TicketStore tickets, TicketReplies replies, Conversations conversations,
      Optional<MailSettings> settings, Clock clock) {
    this(tickets, replies, conversations, settings, settings.map(ReplyMail::new), clock);
  }

  TicketReplyDelivery(TicketStore tickets, TicketReplies replies, Conversations conversations,
      Optional<MailSettings> settings, Optional<ReplyMail> mail, Clock clock) {
    this.tickets = tickets;
    this.replies = replies;
    this.conversations = conversations;
    this.mail = mail;
    Duration first = settings.map(MailSettings::firstRetry).orElse(Duration.ofSeconds(5));
    this.backoff = new Backoff(first, Duration.ofHours(1), 2.0, 0.2);
    this.retryFor = settings.map(MailSettings::retryFor).orElse(DEFAULT_RETRY_FOR);
    this.clock = clock;
  }

  public TicketReplies replies() {
    return replies;
  }

  /** Whether replies are emailed at all (SMTP configured). */
  public boolean emails() {
    return mail.isPresent();
  }

  /** One pass over what is due; never throws (the next pass tries again). */
  public void roundOnce() {
    try {
      round();
    } catch (RuntimeException e) {
      LOG.warn("Ticket reply delivery round failed; the next one tries again", e);
    }
  }

  /** Delivers what is due now; returns how many replies it attempted. */
  public int round() {
    List<TicketReply> due = replies.due(clock.instant(), BATCH);
    int attempted = 0;
    for (TicketReply reply : due) {
      if (!replies.claim(reply, clock.instant().plus(CLAIM_FOR))) continue;
      attempted++;
      deliver(reply);
    }
    return attempted;
  }

  /**
   * Appends a reply just stored to its conversation at once, for the staff member who sent it to
   * see it there; its email is left to the next round, so a slow SMTP server holds no request.
   * Returns the reply as stored afterwards.
   */
  public TicketReply appendNow(TicketReply reply) {
    if (replies.claim(reply, clock.instant().plus(CLAIM_FOR))) {
      deliver(reply, false);
      if (reply.mail() == TicketReply.Mail.PENDING) replies.dueNow(reply, clock.instant());
    }
    return replies.of(reply.tenant(), reply.number()).stream().filter(r -> r.seq() == reply.seq()).findFirst()
        .orElse(reply);
  }

  /** One attempt at what is left of {@code reply}; the outcome is recorded on its row. */
  public void deliver(TicketReply reply) {
    deliver(reply, true);
  }

  private void deliver(TicketReply reply, boolean mailToo) {
    Optional<Ticket> ticket = tickets.find(reply.tenant(), reply.number());
    Optional<String> sessionId = ticket.flatMap(Ticket::sessionId);
    if (sessionId.isEmpty()) {
      replies.failed(reply, "the ticket has no conversation", clock.instant(), true);
      return;
    }
    TicketReply current = reply;
    boolean mails = mailToo && reply.mail() == TicketReply.Mail.PENDING;
    try {
      if (reply.inConversation() && !mails) return;
      // Appended again when it is already: the conversation answers with the text the customer read there.
      String read = conversations.append(sessionId.get(), reply).toCompletableFuture()
          .get(APPEND_FOR.toMillis(), TimeUnit.MILLISECONDS);
      if (!reply.inConversation()) {
        replies.inConversation(reply);
        current = withInConversation(reply);
      }
      if (mails) mail(current, read, ticket.get(), sessionId.get());
    } catch (Exception e) {
      retryLater(current, e);
    }
  }

  /** Emails {@code read}, the reply as the customer read it in the conversation. */
  private void mail(TicketReply reply, String read, Ticket ticket, String sessionId) throws Exception {
    if (mail.isEmpty()) {
      replies.noMail(reply, "this node sends no email (PARLEY_SMTP_HOST is not set)");
      return;
    }
    Contact contact = conversations.contact(reply.tenant(), sessionId).toCompletableFuture().get(ASK_FOR.toMillis(), TimeUnit.MILLISECONDS);
    if (contact.email().isEmpty()) {
      replies.noMail(reply, "the conversation keeps no email address (none left, or erased)");
      return;
    }
    // The tenant's own wording, its informal address included, as the conversation's notices have it.
    Wording wording = Wording.of(LanguageTag.parse(contact.language()), Optional.empty(), contact.texts());
    String subject = wording.text("contact.mail.subject", Map.of("ticket", ticket.id()));
    String body = wording.text("contact.mail.body", Map.of("agent", reply.authorName(), "reply", read))
        + (contact.transcript().isPresent() ? "\n\n" + wording.text("contact.mail.transcript") : "");
    mail.get().send(contact.email().get(), subject, body, contact.transcript());
    replies.sent(reply);
    LOG.info("Reply {} to ticket {} of {} sent by email", reply.seq(), ticket.id(), reply.tenant());
  }

  private void retryLater(TicketReply reply, Exception e) {
    Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
    String why = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    Instant now = clock.instant();
    boolean finalFailure = !now.isBefore(reply.createdAt().plus(retryFor));
    Duration wait = backoff.delayBeforeRetry(Math.max(1, reply.attempts() + 1), ThreadLocalRandom.current()::nextDouble);
    replies.failed(reply, why, now.plus(wait), finalFailure);
    LOG.warn("Reply {} to ticket {} of {} failed (attempt {}){}: {}", reply.seq(), TicketIds.format(reply.number()),
        reply.tenant(), reply.attempts() + 1, finalFailure ? ", given up" : ", retried", why);
  }

  private static TicketReply withInConversation(TicketReply reply) {
    return new TicketReply(reply.tenant(), reply.number(), reply.seq(), reply.author(), reply.authorName(), reply.text(),
        reply.createdAt(), true, reply.mail(), reply.attempts(), reply.lastError(), reply.sentAt());
  }
}
