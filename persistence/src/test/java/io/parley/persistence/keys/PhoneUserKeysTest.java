package io.parley.persistence.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.call.PhoneUsers;
import io.parley.core.memory.MemoryEntry;
import io.parley.core.memory.PinnedFact;
import io.parley.core.memory.SessionMemory;
import io.parley.core.session.SessionId;
import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.Migrations;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.memory.JdbcUserMemory;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A phone caller's user id is their number keyed for the tenant, and what an earlier version stored
 * under the plain hash of their number is found under the keyed id once a node has started: the
 * caller calling again is remembered, and erased with everything of theirs. Once a pass run while
 * no node of an earlier release is up leaves no plain id, the database is marked and no later pass
 * scans; until then every pass does.
 */
class PhoneUserKeysTest {
  private static final MiniLmEmbeddingModel MODEL = new MiniLmEmbeddingModel().load();
  private static final Instant CLOSED = Instant.parse("2026-10-01T10:15:30Z");
  private static final String NUMBER = "+4915100000001";

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void aCallersIdIsKeyedPerTenantAndTheirMemoryFromBeforeFoundUnderIt(Dialect dialect) throws SQLException {
    DataSource data = databases.open(dialect).dataSource();
    JdbcDataKeys keys = JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC());
    String plain = PhoneUsers.plainUserId("acme", NUMBER);
    String keyed = PhoneUsers.userId(keys, "acme", NUMBER);
    assertEquals(keyed, PhoneUsers.userId(JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC()), "acme", NUMBER),
        "the same on every node");
    assertNotEquals(keyed, PhoneUsers.userId(keys, "globex", NUMBER), "each tenant its own");
    assertTrue(keyed.startsWith("phone-") && !keyed.contains(plain.substring("phone-".length())), keyed);
    assertTrue(PhoneUsers.plain(plain));
    assertFalse(PhoneUsers.plain(keyed), "a keyed id is never keyed again");

    JdbcUserMemory memory = new JdbcUserMemory(data, MODEL);
    memory.remember(new SessionMemory("acme", plain, "s-1", CLOSED, "The caller asked where order 1042 is.",
        List.of(new PinnedFact("order_number", "1042", 2, CLOSED))));
    memory.remember(new SessionMemory("acme", "u-17", "s-2", CLOSED, "A web visitor asked about returns.", List.of()));
    SessionId session = SessionId.random("acme");
    try (Connection connection = data.getConnection()) {
      JdbcDataKeys.insert(connection, keys.newKey(session, Optional.of(plain)));
    }

    assertEquals(2, PhoneUserKeys.rekey(data, keys), "its memory's and its data key's rows");
    assertEquals(0, PhoneUserKeys.rekey(data, keys), "keyed once");
    assertTrue(memory.all("acme", plain).isEmpty(), "nothing left under the plain hash");
    assertEquals(List.of("The caller asked where order 1042 is.", "order_number: 1042"),
        memory.all("acme", keyed).stream().map(MemoryEntry::text).toList(), "the caller remembered under the keyed id");
    assertEquals(1, memory.all("acme", "u-17").size(), "another user's id is not a phone's");
    assertEquals(List.of(session), keys.sessionsOf("acme", keyed), "their sessions erased with them");
  }

  @OnEachDialect
  void anIdWhoseKeyedRowsAreThereAlreadyIsLeftAndTheOthersAreKeyed(Dialect dialect) {
    DataSource data = databases.open(dialect).dataSource();
    JdbcDataKeys keys = JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC());
    String plain = PhoneUsers.plainUserId("acme", NUMBER);
    String other = PhoneUsers.plainUserId("acme", "+4915100000002");
    JdbcUserMemory memory = new JdbcUserMemory(data, MODEL);
    // The same session's memory under both ids: keying the plain rows would break the table's key.
    memory.remember(new SessionMemory("acme", plain, "s-1", CLOSED, "The caller asked about a refund.", List.of()));
    memory.remember(new SessionMemory("acme", PhoneUsers.userId(keys, "acme", NUMBER), "s-1", CLOSED,
        "The caller asked about a refund.", List.of()));
    memory.remember(new SessionMemory("acme", other, "s-2", CLOSED, "Another caller asked about shipping.", List.of()));

    assertEquals(1, PhoneUserKeys.rekey(data, keys), "the other caller's id, not the one that would clash");
    assertEquals(1, memory.all("acme", plain).size(), "left plain, for the next start to try again");
    assertEquals(1, memory.all("acme", PhoneUsers.userId(keys, "acme", "+4915100000002")).size());
  }

  @OnEachDialect
  void aPassWhileNoEarlierReleaseIsUpThatLeavesNoPlainIdMarksTheDatabaseAndLaterPassesScanNothing(Dialect dialect) {
    DataSource data = databases.open(dialect).dataSource();
    JdbcDataKeys keys = JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC());
    JdbcUserMemory memory = new JdbcUserMemory(data, MODEL);
    memory.remember(callerMemory(PhoneUsers.plainUserId("acme", NUMBER), "s-1"));

    assertEquals(1, PhoneUserKeys.rekeyAndMark(data, keys, CLOSED));
    // As a node of an earlier release would, behind the mark's back: found by no later pass, so none scanned.
    String late = PhoneUsers.plainUserId("acme", "+4915100000002");
    memory.remember(callerMemory(late, "s-2"));
    assertEquals(0, PhoneUserKeys.rekey(data, keys), "the start's pass scans nothing");
    assertEquals(0, PhoneUserKeys.rekeyAndMark(data, keys, CLOSED.plusSeconds(60)));
    assertEquals(1, memory.all("acme", late).size(), "left plain: the tables were not scanned");
  }

  @OnEachDialect
  void theStartsPassAndAPassThatLeavesAnIdPlainMarkNothingSoTheNextPassKeysWhatAnEarlierReleaseWroteSince(
      Dialect dialect) {
    DataSource data = databases.open(dialect).dataSource();
    JdbcDataKeys keys = JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC());
    JdbcUserMemory memory = new JdbcUserMemory(data, MODEL);
    memory.remember(callerMemory(PhoneUsers.plainUserId("acme", NUMBER), "s-1"));
    assertEquals(1, PhoneUserKeys.rekey(data, keys), "at a node's start, its cluster's members not known yet");

    String since = PhoneUsers.plainUserId("acme", "+4915100000002");
    memory.remember(callerMemory(since, "s-2"));
    // The same session's memory under both ids: the plain one cannot be keyed, and stays.
    String clashing = PhoneUsers.plainUserId("acme", "+4915100000003");
    memory.remember(callerMemory(clashing, "s-3"));
    memory.remember(callerMemory(PhoneUsers.userId(keys, "acme", "+4915100000003"), "s-3"));
    assertEquals(1, PhoneUserKeys.rekeyAndMark(data, keys, CLOSED), "the id written since, not the clashing one");
    assertTrue(memory.all("acme", since).isEmpty());

    String later = PhoneUsers.plainUserId("acme", "+4915100000004");
    memory.remember(callerMemory(later, "s-4"));
    assertEquals(1, PhoneUserKeys.rekey(data, keys), "not marked while an id was left plain: still scanned");
    assertTrue(memory.all("acme", later).isEmpty());
  }

  @OnEachDialect
  void aDatabaseWithPlainIdsFromBeforeTheMarkIsKeyedByTheFirstNodeOnItAndThenMarked(Dialect dialect) {
    Database database = databases.openEmpty(dialect);
    DataSource data = database.dataSource();
    Migrations.forDialect(dialect).upTo(51).apply(data);
    String plain = PhoneUsers.plainUserId("acme", NUMBER);
    JdbcUserMemory memory = new JdbcUserMemory(data, MODEL);
    memory.remember(callerMemory(plain, "s-1"));

    database.migrate();
    JdbcDataKeys keys = JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC());
    assertEquals(1, PhoneUserKeys.rekey(data, keys), "no mark yet: scanned");
    assertEquals(1, memory.all("acme", PhoneUsers.userId(keys, "acme", NUMBER)).size());
    assertEquals(0, PhoneUserKeys.rekeyAndMark(data, keys, CLOSED), "none left, and now marked");
    String late = PhoneUsers.plainUserId("acme", "+4915100000002");
    memory.remember(callerMemory(late, "s-2"));
    assertEquals(0, PhoneUserKeys.rekey(data, keys));
    assertEquals(1, memory.all("acme", late).size(), "left plain: the tables were not scanned");
  }

  private static SessionMemory callerMemory(String userId, String session) {
    return new SessionMemory("acme", userId, session, CLOSED, "The caller asked where their parcel is.", List.of());
  }
}
