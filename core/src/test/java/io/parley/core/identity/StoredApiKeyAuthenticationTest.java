package io.parley.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keys created through the API: minted, stored as a hash, and proving their tenant and roles until revoked or expired. */
class StoredApiKeyAuthenticationTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final InMemoryKeys store = new InMemoryKeys();
  private final IdentitySettings settings = new IdentitySettings("demo", TenantIdentityList.parse(
      "{\"acme\": {\"apiKeys\": [{\"name\": \"desk\", \"sha256\": \"" + HexFormat.of().formatHex(Sha256.of("configured-key"))
          + "\", \"roles\": [\"agent\"]}]}}"));
  private Instant now = NOW;

  private Authentication authenticate(String presented) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    return new Authenticator(new TenantDirectory(settings), new TokenVerifier(new TenantDirectory(settings), ProviderKeysTest.unread(), clock), store, clock)
        .authenticate(new Credential.Bearer(presented), Optional.empty());
  }

  @Test
  void aStoredKeyProvesItsTenantAndRolesUntilRevoked() {
    NewApiKey minted = NewApiKey.mint("globex", "crm", Set.of(Role.ADMIN), Optional.empty(), NOW, RANDOM);
    store.add(minted.key(), minted.sha256());
    assertEquals(new Authentication.Authenticated(Caller.ofApiKey("globex", "crm", Set.of(Role.ADMIN))),
        authenticate(minted.secret()));
    assertInstanceOf(Authentication.Refused.class, authenticate(minted.secret() + "x"));
    store.revoke("globex", minted.key().id(), NOW);
    assertEquals(new Authentication.Refused("unknown, revoked or expired API key"), authenticate(minted.secret()));
    assertInstanceOf(Authentication.Authenticated.class, authenticate("configured-key"), "configured keys still work");
  }

  @Test
  void aKeyStopsWorkingWhenItExpires() {
    NewApiKey minted = NewApiKey.mint("acme", "nightly job", Set.of(Role.AGENT), Optional.of(NOW.plusSeconds(60)), NOW, RANDOM);
    store.add(minted.key(), minted.sha256());
    now = NOW.plusSeconds(59);
    assertInstanceOf(Authentication.Authenticated.class, authenticate(minted.secret()));
    now = NOW.plusSeconds(60);
    assertInstanceOf(Authentication.Refused.class, authenticate(minted.secret()));
  }

  @Test
  void aMintedSecretIsRandomIsNeverATokenAndOnlyItsHashIsKept() {
    NewApiKey one = NewApiKey.mint("acme", " desk ", Set.of(Role.AGENT), Optional.empty(), NOW, RANDOM);
    NewApiKey two = NewApiKey.mint("acme", "desk", Set.of(Role.AGENT), Optional.empty(), NOW, RANDOM);
    assertTrue(one.secret().matches("sk_[A-Za-z0-9_-]{43}"), one.secret());
    assertFalse(one.secret().equals(two.secret()) || one.key().id().equals(two.key().id()));
    assertFalse(TokenVerifier.looksLikeToken(one.secret()));
    assertTrue(Authenticator.mayBlock(new Credential.Bearer(one.secret())));
    assertEquals(HexFormat.of().formatHex(Sha256.of(one.secret())), one.sha256());
    assertEquals("desk", one.key().name());
    assertFalse(one.toString().contains(one.secret()));
  }

  @Test
  void badKeysAreRefusedWhenMinted() {
    assertThrows(IllegalArgumentException.class,
        () -> NewApiKey.mint("acme", " ", Set.of(Role.AGENT), Optional.empty(), NOW, RANDOM));
    assertThrows(IllegalArgumentException.class,
        () -> NewApiKey.mint("acme", "x".repeat(101), Set.of(Role.AGENT), Optional.empty(), NOW, RANDOM));
    assertThrows(IllegalArgumentException.class, () -> NewApiKey.mint("acme", "desk", Set.of(), Optional.empty(), NOW, RANDOM));
    assertThrows(IllegalArgumentException.class,
        () -> NewApiKey.mint("acme", "desk", Set.of(Role.AGENT), Optional.of(NOW), NOW, RANDOM));
  }

  /** The port as a map: what a database table does, without one. */
  private static final class InMemoryKeys implements ApiKeyStore {
    private final Map<String, StoredApiKey> bySha256 = new HashMap<>();

    @Override
    public void add(StoredApiKey key, String sha256) {
      bySha256.put(sha256, key);
    }

    @Override
    public Optional<StoredApiKey> findBySha256(String sha256) {
      return Optional.ofNullable(bySha256.get(sha256));
    }

    @Override
    public List<StoredApiKey> list(String tenant) {
      return new ArrayList<>(bySha256.values().stream().filter(key -> key.tenant().equals(tenant)).toList());
    }

    @Override
    public Optional<StoredApiKey> revoke(String tenant, String id, Instant at) {
      bySha256.replaceAll((sha, key) -> key.id().equals(id) && key.tenant().equals(tenant)
          ? new StoredApiKey(key.id(), key.tenant(), key.name(), key.roles(), key.createdAt(), key.expiresAt(), Optional.of(at))
          : key);
      return bySha256.values().stream().filter(key -> key.id().equals(id)).findFirst();
    }
  }
}
