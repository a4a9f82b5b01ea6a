package io.parley.sessions.workflow;

import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.erasure.Sealing;
import io.parley.core.session.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A workflow input that holds a customer's words (an escalation's reason) is sealed with its
 * session's data key before the workflow journals it, so erasing the session's key erases it there
 * too, as it does the session's own journal. Input written before sealing, or for a session
 * without a key (started by an older version), stays as it is. Blocks on the key store.
 */
public final class SealedInput {
  static final String PREFIX = "sealed:";

  private final DataKeyStore keys;

  public SealedInput(DataKeyStore keys) {
    this.keys = keys;
  }

  /** {@code value} sealed for {@code session}; as it is when the session has no key. */
  public String seal(String tenant, String sessionId, String value) {
    SessionId session = SessionId.of(tenant, sessionId);
    KeyLookup lookup = keys.find(session);
    if (lookup instanceof KeyLookup.Erased) throw new IllegalStateException("session " + session + " was erased");
    if (!(lookup instanceof KeyLookup.Found found)) return value;
    byte[] sealed = Sealing.seal(found.key().key(), value.getBytes(StandardCharsets.UTF_8), owner(session));
    return PREFIX + found.key().keyId() + ":" + Base64.getEncoder().encodeToString(sealed);
  }

  /** The value as written; empty when its session's key was erased. */
  public Optional<String> open(String tenant, String sessionId, String value) {
    if (!isSealed(value)) return Optional.of(value);
    SessionId session = SessionId.of(tenant, sessionId);
    if (!(keys.find(session) instanceof KeyLookup.Found found)) return Optional.empty();
    String sealed = value.substring(value.indexOf(':', PREFIX.length()) + 1);
    byte[] opened = Sealing.open(found.key().key(), Base64.getDecoder().decode(sealed), owner(session));
    return Optional.of(new String(opened, StandardCharsets.UTF_8));
  }

  public static boolean isSealed(String value) {
    return value.startsWith(PREFIX);
  }

  // Bound to the session: sealed input copied into another session's workflow does not open.
  private static byte[] owner(SessionId session) {
    return ("workflow-input|" + session.tenant() + "|" + session.wireId()).getBytes(StandardCharsets.UTF_8);
  }
}
