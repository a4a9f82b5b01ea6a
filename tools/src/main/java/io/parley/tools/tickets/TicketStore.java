package io.parley.tools.tickets;

import io.parley.core.session.SessionId;
import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Support tickets per tenant, in {@code ticket}, {@code ticket_change} and {@code ticket_counter}
 * (migration V4), on PostgreSQL or H2.
 *
 * <p><b>Numbers.</b> Each tenant numbers its tickets from {@value #FIRST_NUMBER} ({@code T-1001});
 * the counter row is locked ({@code SELECT ... FOR UPDATE}) by the transaction that creates a
 * ticket, so numbers are never reused and have no gaps, and one tenant's volume does not show in
 * another's numbers, as it would with one global sequence. Creating tickets is serialised per
 * tenant by that lock; tickets are created a few times a minute, not thousands of times a second.
 *
 * <p><b>Idempotency.</b> A creation may carry a key (a tool call's {@code session/turn/call}); the
 * key is unique per tenant. A creation whose key already has a ticket returns that ticket and
 * changes nothing, whatever the other fields say. Two concurrent creations with one key cannot both
 * insert: the second waits for the counter lock, finds the key taken when it inserts (a unique
 * violation), and its transaction runs again, now finding the first one's ticket.
 *
 * <p><b>History.</b> The creation and every update add a {@link TicketChange} in the same
 * transaction; updates lock the ticket's row first, so concurrent updates are applied one after
 * the other and each records what it changed from.
 *
 * <p><b>Tenancy.</b> Every statement is filtered by tenant: another tenant's ticket is not found.
 *
 * <p>Thread-safe; blocks on JDBC. Database failures are {@code PersistenceException}s.
 */
public final class TicketStore {
  public static final long FIRST_NUMBER = 1001;
  public static final int MAX_IDEMPOTENCY_KEY_CHARS = 500;
  public static final int MAX_LIST_LIMIT = 200;

  private static final String TICKET_COLUMNS = "SELECT tenant, number, session_id, subject, description, priority,"
      + " status, created_at, updated_at, assignee, contact FROM ticket";

  private static final String EMAIL_CONTACT = "email";

  private final DataSource dataSource;
  private final Clock clock;

  /** {@code dataSource} must have the schema of {@code Database.migrate()}. */
  public TicketStore(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  public TicketStore(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What {@link #create} did: {@code created} is false when the idempotency key already had a
   * ticket, which is returned as it is now; {@code conversations} when {@link #openForSession} found
   * the conversation's open ticket, opened by someone else (another key, or none).
   */
  public record Creation(Ticket ticket, boolean created, boolean conversations) {
    Creation(Ticket ticket, boolean created) {
      this(ticket, created, false);
    }
  }

  /**
   * Opens a ticket, or returns the one already opened with {@code idempotencyKey}.
   *
   * @param sessionId the chat session asking, if any
   * @param idempotencyKey makes a repeated creation harmless; empty for none
   */
  public Creation create(String tenant, NewTicket ticket, Optional<String> sessionId, Optional<String> idempotencyKey) {
    return create(tenant, ticket, sessionId, idempotencyKey, false);
  }

  /**
   * Opens a ticket for a conversation, or returns the one it already has open ({@code open} or
   * {@code pending}, the newest): one open ticket per conversation, whoever asks for it (the
   * escalation workflow, the server when no agent came). The tenant's counter is locked before
   * looking, so two creations at once cannot both miss the other's ticket. A key that already has a
   * ticket returns it first, as in {@link #create}. {@code created} is false for a ticket found.
   */
  public Creation openForSession(String tenant, NewTicket ticket, String sessionId, Optional<String> idempotencyKey) {
    return create(tenant, ticket, Optional.of(sessionId), idempotencyKey, true);
  }

  private Creation create(String tenant, NewTicket ticket, Optional<String> sessionId, Optional<String> idempotencyKey,
      boolean reuseOpen) {
    SessionId.requireTenant(tenant);
    Objects.requireNonNull(ticket, "ticket");
    idempotencyKey.ifPresent(key -> {
      if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY_CHARS) {
        throw new IllegalArgumentException("an idempotency key is 1 to " + MAX_IDEMPOTENCY_KEY_CHARS + " characters");
      }
    });
    return Transactions.write(dataSource, "create a ticket for tenant " + tenant, connection -> {
      if (idempotencyKey.isPresent()) {
        Optional<Ticket> existing = findByKey(connection, tenant, idempotencyKey.get());
        if (existing.isPresent()) return new Creation(existing.get(), false);
      }
      if (reuseOpen && sessionId.isPresent()) {
        lockCounter(connection, tenant);
        Optional<Ticket> open = openOf(connection, tenant, sessionId.get());
        if (open.isPresent()) return new Creation(open.get(), false, true);
      }
      long number = nextNumber(connection, tenant);
      Instant now = Transactions.timestamp(clock.instant()).toInstant();
      Ticket created = new Ticket(tenant, number, sessionId, ticket.subject(), ticket.description(), ticket.priority(),
          TicketStatus.OPEN, now, now, Optional.empty());
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ticket (tenant, number, session_id,"
          + " idempotency_key, subject, description, priority, status, created_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, tenant);
        insert.setLong(2, number);
        setOptional(insert, 3, sessionId);
        setOptional(insert, 4, idempotencyKey);
        insert.setString(5, created.subject());
        insert.setString(6, created.description());
        insert.setString(7, created.priority().wireName());
        insert.setString(8, created.status().wireName());
        insert.setObject(9, Transactions.timestamp(now));
        insert.setObject(10, Transactions.timestamp(now));
        insert.executeUpdate();
      }
      insertChange(connection, tenant, new TicketChange(1, now, Optional.empty(), Optional.of(TicketStatus.OPEN),
          Optional.empty(), Optional.of(ticket.priority()), Optional.empty(), Optional.empty()), number);
      return new Creation(created, true);
    });
  }

  /**
   * Holds the tenant's counter locked until the transaction ends. Before the tenant's first ticket
   * there is no row to lock, so it is made here: two askers at once collide on its primary key and
   * the loser runs again, now waiting for the lock and then finding the winner's ticket.
   */
  private static void lockCounter(Connection connection, String tenant) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT next_number FROM ticket_counter WHERE tenant = ? FOR UPDATE")) {
      select.setString(1, tenant);
      try (ResultSet rows = select.executeQuery()) {
        if (rows.next()) return;
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO ticket_counter (tenant, next_number) VALUES (?, ?)")) {
      insert.setString(1, tenant);
      insert.setLong(2, FIRST_NUMBER);
      insert.executeUpdate();
    }
  }

  private static Optional<Ticket> openOf(Connection connection, String tenant, String sessionId) throws SQLException {
    return Transactions.first(connection, TICKET_COLUMNS + " WHERE tenant = ? AND session_id = ?"
        + " AND status IN (?, ?) ORDER BY number DESC LIMIT 1",
        TicketStore::ticket, tenant, sessionId, TicketStatus.OPEN.wireName(), TicketStatus.PENDING.wireName());
  }

  /** The next number of the tenant's counter, which this transaction holds locked until it ends. */
  private static long nextNumber(Connection connection, String tenant) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT next_number FROM ticket_counter WHERE tenant = ? FOR UPDATE")) {
      select.setString(1, tenant);
      try (ResultSet rows = select.executeQuery()) {
        if (rows.next()) {
          long number = rows.getLong(1);
          try (PreparedStatement update = connection.prepareStatement(
              "UPDATE ticket_counter SET next_number = ? WHERE tenant = ?")) {
            update.setLong(1, number + 1);
            update.setString(2, tenant);
            update.executeUpdate();
          }
          return number;
        }
      }
    }
    // The tenant's first ticket; two at once collide on the primary key and the loser runs again.
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO ticket_counter (tenant, next_number) VALUES (?, ?)")) {
      insert.setString(1, tenant);
      insert.setLong(2, FIRST_NUMBER + 1);
      insert.executeUpdate();
    }
    return FIRST_NUMBER;
  }

  public Optional<Ticket> find(String tenant, long number) {
    SessionId.requireTenant(tenant);
    return Transactions.read(dataSource, "read a ticket of tenant " + tenant, connection -> find(connection, tenant, number, false));
  }

  /** By id as people write it ({@code T-1042}, {@code 1042}); empty when it is not an id or not the tenant's. */
  public Optional<Ticket> find(String tenant, String ticketId) {
    Optional<Long> number = TicketIds.parse(ticketId);
    return number.isEmpty() ? Optional.empty() : find(tenant, number.get());
  }

  /**
   * The tenant's tickets, newest first.
   *
   * @param status only those in this status, or all
   * @param assignee only those assigned so
   * @param limit at most this many, 1 to {@value #MAX_LIST_LIMIT}
   */
  public List<Ticket> list(String tenant, Optional<TicketStatus> status, AssigneeFilter assignee, int limit) {
    SessionId.requireTenant(tenant);
    if (limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIST_LIMIT + ", got " + limit);
    }
    return Transactions.read(dataSource, "list the tickets of tenant " + tenant, connection -> {
      try (PreparedStatement select = connection.prepareStatement(TICKET_COLUMNS + " WHERE tenant = ?"
          + (status.isPresent() ? " AND status = ?" : "") + switch (assignee) {
            case AssigneeFilter.Anyone anyone -> "";
            case AssigneeFilter.Nobody nobody -> " AND assignee IS NULL";
            case AssigneeFilter.Person person -> " AND assignee = ?";
          } + " ORDER BY number DESC LIMIT ?")) {
        int parameter = 1;
        select.setString(parameter++, tenant);
        if (status.isPresent()) select.setString(parameter++, status.get().wireName());
        if (assignee instanceof AssigneeFilter.Person person) select.setString(parameter++, person.agentId());
        select.setInt(parameter, limit);
        return Transactions.list(select, TicketStore::ticket);
      }
    });
  }

  /** The tickets opened by these sessions (by their wire ids), oldest first: what a user's export shows. */
  public List<Ticket> ofSessions(String tenant, List<String> sessionIds) {
    SessionId.requireTenant(tenant);
    if (sessionIds.isEmpty()) return List.of();
    return Transactions.read(dataSource, "list the tickets of sessions of tenant " + tenant, connection -> {
      try (PreparedStatement select = connection.prepareStatement(TICKET_COLUMNS + " WHERE tenant = ? AND session_id IN ("
          + placeholders(sessionIds.size()) + ") ORDER BY number")) {
        select.setString(1, tenant);
        for (int i = 0; i < sessionIds.size(); i++) select.setString(i + 2, sessionIds.get(i));
        return Transactions.list(select, TicketStore::ticket);
      }
    });
  }

  /**
   * Deletes the tickets these sessions opened, with their histories (erasure: a ticket holds what
   * the customer wrote); idempotent. Returns how many tickets were deleted.
   */
  public int eraseOfSessions(String tenant, List<String> sessionIds) {
    SessionId.requireTenant(tenant);
    if (sessionIds.isEmpty()) return 0;
    return Transactions.write(dataSource, "erase the tickets of sessions of tenant " + tenant, connection -> {
      String bySession = "tenant = ? AND number IN (SELECT number FROM ticket WHERE tenant = ? AND session_id IN ("
          + placeholders(sessionIds.size()) + "))";
      try (PreparedStatement replies = connection.prepareStatement("DELETE FROM ticket_reply WHERE " + bySession)) {
        bindSessions(replies, tenant, sessionIds, 2);
        replies.executeUpdate();
      }
      try (PreparedStatement changes = connection.prepareStatement("DELETE FROM ticket_change WHERE " + bySession)) {
        bindSessions(changes, tenant, sessionIds, 2);
        changes.executeUpdate();
      }
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ticket WHERE tenant = ? AND session_id IN ("
          + placeholders(sessionIds.size()) + ")")) {
        bindSessions(delete, tenant, sessionIds, 1);
        return delete.executeUpdate();
      }
    });
  }

  /**
   * Marks the conversation's open tickets as having an email contact for replies ({@code byEmail}),
   * or none; the address is not stored here. Returns how many tickets it marked.
   */
  public int markContact(String tenant, String sessionId, boolean byEmail) {
    SessionId.requireTenant(tenant);
    return Transactions.write(dataSource, "mark the contact of a ticket of tenant " + tenant, connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE ticket SET contact = ? WHERE tenant = ?"
          + " AND session_id = ? AND status IN (?, ?)")) {
        StatementParameters.bind(update, byEmail ? EMAIL_CONTACT : null, tenant, sessionId,
            TicketStatus.OPEN.wireName(), TicketStatus.PENDING.wireName());
        return update.executeUpdate();
      }
    });
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  /** The tenant {@code tenantTimes} times, then the session ids. */
  private static void bindSessions(PreparedStatement statement, String tenant, List<String> sessionIds, int tenantTimes)
      throws SQLException {
    int parameter = 1;
    for (int i = 0; i < tenantTimes; i++) statement.setString(parameter++, tenant);
    for (String id : sessionIds) statement.setString(parameter++, id);
  }

  /** Oldest first; empty when the tenant has no such ticket. */
  public List<TicketChange> history(String tenant, long number) {
    SessionId.requireTenant(tenant);
    return Transactions.read(dataSource, "read the history of a ticket of tenant " + tenant, connection -> {
      return Transactions.list(connection, "SELECT seq, at, status_from, status_to,"
          + " priority_from, priority_to, note, assigned_to FROM ticket_change WHERE tenant = ? AND number = ? ORDER BY seq",
          rows -> new TicketChange(rows.getInt("seq"), Transactions.instant(rows, "at"),
            Optional.ofNullable(rows.getString("status_from")).flatMap(TicketStatus::fromWireName),
            Optional.ofNullable(rows.getString("status_to")).flatMap(TicketStatus::fromWireName),
            Optional.ofNullable(rows.getString("priority_from")).flatMap(TicketPriority::fromWireName),
            Optional.ofNullable(rows.getString("priority_to")).flatMap(TicketPriority::fromWireName),
            Optional.ofNullable(rows.getString("note")), Optional.ofNullable(rows.getString("assigned_to"))),
          tenant, number);
    });
  }

  /**
   * Applies an update and records it in the history. A status or priority equal to the current
   * one is no change; an update that changes nothing and has no note leaves the ticket and its
   * history as they are, so repeating an update is harmless.
   *
   * @return the ticket after the update, or empty when the tenant has no such ticket
   */
  public Optional<Ticket> update(String tenant, long number, TicketUpdate update) {
    SessionId.requireTenant(tenant);
    Objects.requireNonNull(update, "update");
    return Transactions.write(dataSource, "update a ticket of tenant " + tenant,
        connection -> update(connection, tenant, number, update, false));
  }

  /** Within a transaction: the ticket's row is locked first; a note already in its history is skipped if {@code noteOnce}. */
  private Optional<Ticket> update(Connection connection, String tenant, long number, TicketUpdate update, boolean noteOnce)
      throws SQLException {
    Optional<Ticket> locked = find(connection, tenant, number, true);
    if (locked.isEmpty()) return Optional.empty();
    Ticket before = locked.get();
    if (noteOnce && update.note().isPresent() && hasNote(connection, tenant, number, update.note().get())) {
      return Optional.of(before);
    }
    Optional<TicketStatus> newStatus = update.status().filter(status -> status != before.status());
    Optional<TicketPriority> newPriority = update.priority().filter(priority -> priority != before.priority());
    Optional<String> newAssignee = update.assignee().filter(assignee -> !before.assignee().equals(Optional.of(assignee)));
    if (newStatus.isEmpty() && newPriority.isEmpty() && newAssignee.isEmpty() && update.note().isEmpty()) {
      return Optional.of(before);
    }
    Instant now = Transactions.timestamp(clock.instant()).toInstant();
    Ticket after = new Ticket(tenant, number, before.sessionId(), before.subject(), before.description(),
        newPriority.orElse(before.priority()), newStatus.orElse(before.status()), before.createdAt(), now,
        newAssignee.or(before::assignee), before.emailContact());
    try (PreparedStatement change = connection.prepareStatement("UPDATE ticket SET status = ?, priority = ?,"
        + " assignee = ?, updated_at = ? WHERE tenant = ? AND number = ?")) {
      StatementParameters.bind(change, after.status().wireName(), after.priority().wireName(),
          after.assignee().orElse(null), Transactions.timestamp(now), tenant, number);
      change.executeUpdate();
    }
    int seq = lastSeq(connection, tenant, number) + 1;
    insertChange(connection, tenant, new TicketChange(seq, now, newStatus.map(s -> before.status()), newStatus,
        newPriority.map(p -> before.priority()), newPriority, update.note(), newAssignee), number);
    return Optional.of(after);
  }

  private static boolean hasNote(Connection connection, String tenant, long number, String note) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT note FROM ticket_change WHERE tenant = ? AND number = ? AND note IS NOT NULL")) {
      select.setString(1, tenant);
      select.setLong(2, number);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (note.equals(rows.getString(1))) return true;
        }
      }
      return false;
    }
  }

  /**
   * Adds {@code note} to the ticket's history unless the history already has it word for word: a
   * conversation attached to a ticket is attached once, however often the step that attaches it runs.
   *
   * @return the ticket, or empty when the tenant has no such ticket
   */
  public Optional<Ticket> noteOnce(String tenant, long number, String note) {
    SessionId.requireTenant(tenant);
    TicketUpdate update = new TicketUpdate(Optional.empty(), Optional.empty(), Optional.of(note));
    return Transactions.write(dataSource, "note a ticket of tenant " + tenant,
        connection -> update(connection, tenant, number, update, true));
  }

  private static Optional<Ticket> find(Connection connection, String tenant, long number, boolean forUpdate)
      throws SQLException {
    return Transactions.first(connection, TICKET_COLUMNS + " WHERE tenant = ? AND number = ?"
        + (forUpdate ? " FOR UPDATE" : ""), TicketStore::ticket, tenant, number);
  }

  private static Optional<Ticket> findByKey(Connection connection, String tenant, String key) throws SQLException {
    return Transactions.first(connection, TICKET_COLUMNS + " WHERE tenant = ? AND idempotency_key = ?",
        TicketStore::ticket, tenant, key);
  }

  private static Ticket ticket(ResultSet rows) throws SQLException {
    return new Ticket(rows.getString("tenant"), rows.getLong("number"),
        Optional.ofNullable(rows.getString("session_id")), rows.getString("subject"), rows.getString("description"),
        TicketPriority.fromWireName(rows.getString("priority")).orElseThrow(),
        TicketStatus.fromWireName(rows.getString("status")).orElseThrow(),
        Transactions.instant(rows, "created_at"), Transactions.instant(rows, "updated_at"),
        Optional.ofNullable(rows.getString("assignee")), EMAIL_CONTACT.equals(rows.getString("contact")));
  }

  private static int lastSeq(Connection connection, String tenant, long number) throws SQLException {
    return Transactions.first(connection, "SELECT MAX(seq) FROM ticket_change WHERE tenant = ? AND number = ?",
        rows -> rows.getInt(1), tenant, number).orElse(0);
  }

  private static void insertChange(Connection connection, String tenant, TicketChange change, long number)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ticket_change (tenant, number, seq, at,"
        + " status_from, status_to, priority_from, priority_to, note, assigned_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      StatementParameters.bind(insert, tenant, number, change.seq(), Transactions.timestamp(change.at()));
      setOptional(insert, 5, change.statusFrom().map(TicketStatus::wireName));
      setOptional(insert, 6, change.statusTo().map(TicketStatus::wireName));
      setOptional(insert, 7, change.priorityFrom().map(TicketPriority::wireName));
      setOptional(insert, 8, change.priorityTo().map(TicketPriority::wireName));
      setOptional(insert, 9, change.note());
      setOptional(insert, 10, change.assignedTo());
      insert.executeUpdate();
    }
  }

  private static void setOptional(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
    if (value.isPresent()) statement.setString(index, value.get()); else statement.setNull(index, Types.VARCHAR);
  }
}
