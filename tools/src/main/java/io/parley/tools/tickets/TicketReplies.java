package io.parley.tools.tickets;

import io.parley.core.session.SessionId;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The replies to tickets, in {@code ticket_reply} (migration V30): the outbox that takes a reply to
 * the conversation and to the customer's email. A reply is stored before either, so a node that
 * dies after storing it finishes the job on any node ({@link #due}); each delivery is claimed by
 * raising its attempt count from the one read, so two nodes never send one reply at once.
 *
 * <p>Thread-safe; blocks on JDBC. Database failures are {@code PersistenceException}s.
 */
public final class TicketReplies {
  public static final int MAX_TEXT_CHARS = 10_000;
  /**
   * How long a new reply is left to the request that stored it ({@link TicketReplyDelivery#appendNow}),
   * so that no delivery round takes it first and the request answers with it already in the
   * conversation; a round takes it after that, should the request never have got to it.
   */
  static final Duration HELD_FOR_ITS_REQUEST = Duration.ofMinutes(2);
  private static final int MAX_ERROR_CHARS = 1000;
  private static final String COLUMNS = "SELECT tenant, number, seq, author, author_name, text, created_at,"
      + " in_conversation, mail, attempts, last_error, sent_at FROM ticket_reply";

  private final DataSource dataSource;
  private final Clock clock;

  public TicketReplies(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores a reply to the tenant's ticket {@code number}; {@code mail} when it is to be emailed too.
   * It is due {@link #HELD_FOR_ITS_REQUEST} from now.
   *
   * @throws IllegalArgumentException when the text is blank or too long
   */
  public TicketReply add(String tenant, long number, String author, String authorName, String text, boolean mail) {
    SessionId.requireTenant(tenant);
    String body = Objects.requireNonNull(text, "text").strip();
    if (body.isEmpty()) throw new IllegalArgumentException("text must not be blank");
    if (body.length() > MAX_TEXT_CHARS) {
      throw new IllegalArgumentException("text is " + body.length() + " characters; the limit is " + MAX_TEXT_CHARS);
    }
    Instant now = Transactions.timestamp(clock.instant()).toInstant();
    return Transactions.write(dataSource, "add a reply to a ticket of tenant " + tenant, connection -> {
      int seq = Transactions.first(connection, "SELECT MAX(seq) FROM ticket_reply WHERE tenant = ? AND number = ?",
          rows -> rows.getInt(1), tenant, number).orElse(0) + 1;
      TicketReply reply = new TicketReply(tenant, number, seq, author, authorName, body, now, false,
          mail ? TicketReply.Mail.PENDING : TicketReply.Mail.NONE, 0, Optional.empty(), Optional.empty());
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ticket_reply (tenant, number, seq,"
          + " author, author_name, text, created_at, mail, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        StatementParameters.bind(insert, tenant, number, seq, author, authorName, body, Transactions.timestamp(now),
            reply.mail().wireName(), Transactions.timestamp(now.plus(HELD_FOR_ITS_REQUEST)));
        insert.executeUpdate();
      }
      return reply;
    });
  }

  /** The ticket's replies, oldest first. */
  public List<TicketReply> of(String tenant, long number) {
    SessionId.requireTenant(tenant);
    return Transactions.read(dataSource, "list the replies to a ticket of tenant " + tenant, connection ->
        Transactions.list(connection, COLUMNS + " WHERE tenant = ? AND number = ? ORDER BY seq", TicketReplies::reply,
            tenant, number));
  }

  /** Replies with work left (not in the conversation yet, or an email to send) whose next attempt is due. */
  public List<TicketReply> due(Instant now, int limit) {
    return Transactions.read(dataSource, "list the ticket replies due", connection ->
        Transactions.list(connection, COLUMNS + " WHERE (in_conversation = FALSE OR mail = ?) AND next_attempt_at <= ?"
            + " ORDER BY next_attempt_at LIMIT ?", TicketReplies::reply,
            TicketReply.Mail.PENDING.wireName(), Transactions.timestamp(now), limit));
  }

  /**
   * Claims {@code reply} for one attempt until {@code until}: false when another node claimed it
   * since it was read (its attempts moved on).
   */
  public boolean claim(TicketReply reply, Instant until) {
    return update(reply, "attempts = attempts + 1, next_attempt_at = ?", " AND attempts = ?",
        Transactions.timestamp(until), reply.attempts()) == 1;
  }

  /** Makes what is left of {@code reply} due at {@code now}, ending its claim. */
  public void dueNow(TicketReply reply, Instant now) {
    update(reply, "next_attempt_at = ?", "", Transactions.timestamp(now));
  }

  public void inConversation(TicketReply reply) {
    update(reply, "in_conversation = TRUE", "");
  }

  public void sent(TicketReply reply) {
    update(reply, "mail = 'sent', sent_at = ?, last_error = NULL", "", Transactions.timestamp(clock.instant()));
  }

  /** The attempt failed; the next is due at {@code next}, or never when {@code finalFailure}. */
  public void failed(TicketReply reply, String error, Instant next, boolean finalFailure) {
    String why = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
    update(reply, (finalFailure && reply.inConversation() ? "mail = 'failed', " : "") + "last_error = ?, next_attempt_at = ?",
        "", why, Transactions.timestamp(next));
  }

  /** Gives up on the email of a reply that is in the conversation (no address any more, say). */
  public void noMail(TicketReply reply, String why) {
    update(reply, "mail = 'none', last_error = ?", "", why);
  }

  private int update(TicketReply reply, String set, String condition, Object... values) {
    return Transactions.write(dataSource, "update a ticket reply of tenant " + reply.tenant(), connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE ticket_reply SET " + set
          + " WHERE tenant = ? AND number = ? AND seq = ?" + condition)) {
        // The SET clause's values, then the reply's key, then the condition's values.
        Object[] all = new Object[values.length + 3];
        int split = (int) set.chars().filter(c -> c == '?').count();
        System.arraycopy(values, 0, all, 0, split);
        all[split] = reply.tenant();
        all[split + 1] = reply.number();
        all[split + 2] = reply.seq();
        System.arraycopy(values, split, all, split + 3, values.length - split);
        StatementParameters.bind(update, all);
        return update.executeUpdate();
      }
    });
  }

  private static TicketReply reply(ResultSet rows) throws SQLException {
    return new TicketReply(rows.getString("tenant"), rows.getLong("number"), rows.getInt("seq"), rows.getString("author"),
        rows.getString("author_name"), rows.getString("text"), Transactions.instant(rows, "created_at"),
        rows.getBoolean("in_conversation"), TicketReply.Mail.fromWireName(rows.getString("mail")), rows.getInt("attempts"),
        Optional.ofNullable(rows.getString("last_error")),
        Optional.ofNullable(rows.getObject("sent_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
  }
}
