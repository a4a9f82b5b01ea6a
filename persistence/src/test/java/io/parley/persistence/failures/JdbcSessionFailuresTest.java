package io.parley.persistence.failures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.session.FailureTally;
import io.parley.core.session.SessionFailure;
import io.parley.core.session.SessionId;
import io.parley.persistence.Dialect;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions' failure tallies on both databases: counted one by one, per tenant, listed, and cleared by a retry. */
class JdbcSessionFailuresTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final SessionFailure UNREADABLE = new SessionFailure(SessionFailure.Kind.RECOVERY, "IllegalStateException");

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void countsEachFailureOfASessionUntilItIsClearedAndKeepsTenantsApart(Dialect dialect) {
    JdbcSessionFailures failures = new JdbcSessionFailures(databases.open(dialect).dataSource());
    SessionId failing = SessionId.random("acme");
    SessionId other = SessionId.random("acme");
    SessionId sameIdElsewhere = new SessionId("globex", failing.uuid());

    assertEquals(1, failures.count(failing, UNREADABLE, T0).count());
    assertEquals(2, failures.count(failing, UNREADABLE, T0.plusSeconds(5)).count());
    FailureTally third = failures.count(failing, new SessionFailure(SessionFailure.Kind.COMMAND, "ArithmeticException"),
        T0.plusSeconds(9));
    assertEquals(new FailureTally(new SessionFailure(SessionFailure.Kind.COMMAND, "ArithmeticException"), 3, T0,
        T0.plusSeconds(9)), third);
    assertEquals(Optional.of(third), failures.find(failing));
    failures.count(other, UNREADABLE, T0);

    assertEquals(Optional.empty(), failures.find(sameIdElsewhere), "a tenant's tally is its own");
    assertEquals(1, failures.failedSafe("acme", 3));
    assertEquals(2, failures.failedSafe("acme", 1));
    assertEquals(0, failures.failedSafe("globex", 1));
    assertEquals(List.of(failing.wireId(), other.wireId()).stream().sorted().toList(),
        failures.of("acme", List.of(failing.wireId(), other.wireId(), SessionId.random("acme").wireId())).keySet()
            .stream().sorted().toList());
    assertEquals(0, failures.of("globex", List.of(failing.wireId())).size());

    assertFalse(failures.clear(sameIdElsewhere), "another tenant cannot clear it");
    assertTrue(failures.clear(failing));
    assertFalse(failures.clear(failing));
    assertEquals(Optional.empty(), failures.find(failing));
    assertEquals(1, failures.count(failing, UNREADABLE, T0.plusSeconds(60)).count(), "counted anew after a retry");
  }
}
