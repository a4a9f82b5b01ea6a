package io.parley.sessions.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.erasure.SealBrokenException;
import io.parley.core.session.SessionId;
import io.parley.persistence.keys.JdbcDataKeys;
import io.parley.persistence.testing.TestDataKeys;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An escalation's reason is journaled sealed with its session's key, and gone with it. */
class SealedInputTest {
  @RegisterExtension static final TestDataKeys dataKeys = new TestDataKeys();
  private final JdbcDataKeys keys = dataKeys.keys();

  @Test
  void aReasonIsSealedWithItsSessionsKeyAndUnreadableOnceTheKeyIsErased() {
    SealedInput sealed = new SealedInput(keys);
    SessionId session = SessionId.random("acme");
    dataKeys.stored(session, Optional.of("ada"));
    String reason = "Charged twice, write to ada@example.com";

    String stored = sealed.seal("acme", session.wireId(), reason);
    assertTrue(SealedInput.isSealed(stored));
    assertFalse(stored.contains("ada@example.com"), stored);
    assertEquals(Optional.of(reason), sealed.open("acme", session.wireId(), stored));

    SessionId other = SessionId.random("acme");
    dataKeys.stored(other, Optional.empty());
    assertThrows(SealBrokenException.class, () -> sealed.open("acme", other.wireId(), stored),
        "bound to its session: copied into another session's workflow it does not open");

    keys.erase(List.of(session));
    assertEquals(Optional.empty(), sealed.open("acme", session.wireId(), stored));
    assertThrows(IllegalStateException.class, () -> sealed.seal("acme", session.wireId(), reason),
        "an erased session escalates nothing");
  }

  @Test
  void aSessionWithoutAKeyAndOldInputStayAsWritten() {
    SealedInput sealed = new SealedInput(keys);
    String older = SessionId.random("acme").wireId();
    assertEquals("plain words", sealed.seal("acme", older, "plain words"), "a session from before sealing");
    assertEquals(Optional.of("plain words"), sealed.open("acme", older, "plain words"), "input from before sealing");
  }
}
