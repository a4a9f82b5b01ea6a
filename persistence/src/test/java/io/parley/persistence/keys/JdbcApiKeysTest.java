package io.parley.persistence.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parley.core.identity.Role;
import io.parley.core.identity.StoredApiKey;
import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.PersistenceException;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On both databases: keys are found by their hash, listed and revoked only within their tenant. */
class JdbcApiKeysTest {
  private static final Instant CREATED = Instant.parse("2026-11-23T10:00:00.123456Z");
  private static final String HASH_1 = "1".repeat(64);
  private static final String HASH_2 = "2".repeat(64);

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;

  private JdbcApiKeys open(Dialect dialect) {
    database = databases.open(dialect);
    return new JdbcApiKeys(database.dataSource());
  }

  @OnEachDialect
  void aKeyIsFoundByItsHashWithWhatWasStored(Dialect dialect) {
    JdbcApiKeys keys = open(dialect);
    StoredApiKey crm = key("key_1", "acme", Set.of(Role.ADMIN, Role.AGENT), Optional.of(CREATED.plusSeconds(3600)));
    keys.add(crm, HASH_1);
    assertEquals(Optional.of(crm), keys.findBySha256(HASH_1));
    assertEquals(Optional.empty(), keys.findBySha256(HASH_2));
    assertThrows(PersistenceException.class, () -> keys.add(key("key_2", "globex", Set.of(Role.AGENT), Optional.empty()), HASH_1),
        "a hash names one key");
  }

  @OnEachDialect
  void keysAreListedAndRevokedOnlyInTheirTenantAndEveryNodeSeesTheRevocation(Dialect dialect) {
    JdbcApiKeys keys = open(dialect);
    StoredApiKey older = key("key_1", "acme", Set.of(Role.AGENT), Optional.empty());
    StoredApiKey newer = new StoredApiKey("key_2", "acme", "cms", Set.of(Role.ADMIN), CREATED.plusSeconds(1),
        Optional.empty(), Optional.empty());
    keys.add(older, HASH_1);
    keys.add(newer, HASH_2);
    keys.add(key("key_3", "globex", Set.of(Role.AGENT), Optional.empty()), "3".repeat(64));
    assertEquals(List.of(newer, older), keys.list("acme"));

    assertEquals(Optional.empty(), keys.revoke("globex", "key_1", CREATED), "another tenant's key is not found");
    Instant revokedAt = CREATED.plusSeconds(60);
    assertEquals(Optional.of(revokedAt), keys.revoke("acme", "key_1", revokedAt).flatMap(StoredApiKey::revokedAt));
    assertEquals(Optional.of(revokedAt), keys.revoke("acme", "key_1", revokedAt.plusSeconds(1)).flatMap(StoredApiKey::revokedAt),
        "revoking again keeps the first revocation");
    JdbcApiKeys otherNode = new JdbcApiKeys(database.dataSource());
    assertEquals(Optional.of(revokedAt), otherNode.findBySha256(HASH_1).flatMap(StoredApiKey::revokedAt));
    assertEquals(Optional.empty(), otherNode.findBySha256(HASH_2).flatMap(StoredApiKey::revokedAt));
  }

  private static StoredApiKey key(String id, String tenant, Set<Role> roles, Optional<Instant> expiresAt) {
    return new StoredApiKey(id, tenant, "crm", roles, CREATED, expiresAt, Optional.empty());
  }
}
