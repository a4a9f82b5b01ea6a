package io.parley.persistence.tenants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.parley.core.identity.IdentitySettings;
import io.parley.core.identity.StoredTenant;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.identity.TenantIdentity;
import io.parley.core.identity.TenantIdentityList;
import io.parley.core.identity.TenantStore;
import io.parley.persistence.Dialect;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On both databases: a tenant is created once and replaced whole; a node's directory reads them,
 * PARLEY_TENANTS winning for the tenants it names, tells who becomes disabled, and takes each
 * API tenant's retention; a publishable key belongs to one stored tenant, even when several nodes
 * store it for different tenants at the same moment.
 */
class JdbcTenantsTest {
  private static final Instant AT = Instant.parse("2026-11-25T10:00:00.123456Z");
  private static final String ZENITH = "{\"publishableKeys\": [\"pk_zenith_0123456789ab\"], \"retentionDays\": 30}";
  private static final List<String> ZENITH_KEYS = List.of("pk_zenith_0123456789ab");
  private static final int RACERS = 6;

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private JdbcTenants open(Dialect dialect) {
    return new JdbcTenants(databases.open(dialect).dataSource());
  }

  @OnEachDialect
  void aTenantIsCreatedOnceAndReplacedWhole(Dialect dialect) {
    JdbcTenants tenants = open(dialect);
    StoredTenant zenith = new StoredTenant("zenith", ZENITH, AT, "operator");
    assertTrue(tenants.create(zenith, ZENITH_KEYS));
    assertFalse(tenants.create(new StoredTenant("zenith", "{}", AT, "operator"), List.of()), "If-None-Match: * finds it");
    assertEquals(List.of(zenith), tenants.all());

    StoredTenant replaced = new StoredTenant("zenith", "{\"disabled\": true}", AT.plusSeconds(1), "operator");
    assertTrue(tenants.replace(replaced, List.of()), "it was there");
    assertFalse(tenants.replace(new StoredTenant("yonder", "{}", AT, "operator"), List.of()), "a new one is created");
    assertEquals(List.of(new StoredTenant("yonder", "{}", AT, "operator"), replaced), tenants.all());
  }

  @OnEachDialect
  void theDirectoryServesStoredTenantsBesideConfiguredOnesWhichWin(Dialect dialect) {
    JdbcTenants store = open(dialect);
    TenantDirectory directory = new TenantDirectory(new IdentitySettings("demo",
        TenantIdentityList.parse("{\"acme\": {\"publishableKey\": \"pk_acme_0123456789abcd\"}}")));
    List<String> disabled = new ArrayList<>();
    directory.onDisabled(disabled::add);

    store.create(new StoredTenant("zenith", ZENITH, AT, "operator"), ZENITH_KEYS);
    store.create(new StoredTenant("acme", "{\"disabled\": true}", AT, "operator"), List.of());
    directory.reload(store);
    TenantIdentity zenith = directory.find("zenith").orElseThrow();
    assertEquals(List.of("pk_zenith_0123456789ab"), zenith.publishableKeys());
    assertTrue(directory.configures("acme"));
    assertFalse(directory.isDisabled("acme"), "PARLEY_TENANTS wins over the table");
    assertTrue(directory.find("demo").orElseThrow().openToAnonymous(), "the default tenant stays open");
    assertEquals(Map.of("zenith", 30), directory.apiRetentionDays());

    directory.reload(store);
    assertTrue(zenith == directory.find("zenith").orElseThrow(), "an unchanged entry keeps its identity (and token keys)");
    assertEquals(List.of(), disabled);
    store.replace(new StoredTenant("zenith", "{\"disabled\": true}", AT, "operator"), List.of());
    directory.reload(store);
    directory.reload(store);
    assertEquals(List.of("zenith"), disabled, "told once, when it becomes disabled");
    TenantIdentity yonder = TenantIdentityList.entry("yonder",
        JsonNodeFactory.instance.objectNode().put("publishableKey", "pk_acme_0123456789abcd"));
    assertThrows(IllegalArgumentException.class, () -> directory.requireKeysUnique(yonder), "a key of another tenant");
  }

  @OnEachDialect
  void aPublishableKeyBelongsToOneTenantWhateverTheRace(Dialect dialect) throws Exception {
    JdbcTenants store = open(dialect);
    assertEquals(1, race(i -> store.create(tenant("new-" + i), List.of("pk_shared_created_0123"))),
        "one create of the same new key wins");
    for (int i = 0; i < RACERS; i++) store.create(tenant("rotating-" + i), List.of("pk_own_" + i + "_0123456789"));
    assertEquals(1, race(i -> store.replace(tenant("rotating-" + i), List.of("pk_own_" + i + "_0123456789",
        "pk_shared_rotated_0123"))), "one rotation to the same new key wins");

    TenantStore.PublishableKeyTaken taken = assertThrows(TenantStore.PublishableKeyTaken.class,
        () -> store.replace(tenant("zenith"), List.of("pk_shared_created_0123")));
    assertTrue(taken.getMessage().startsWith("tenant zenith: publishableKeys: "), taken.getMessage());
    assertFalse(store.all().stream().anyMatch(stored -> stored.tenant().equals("zenith")), "nothing stored");
    for (int i = 0; i < RACERS; i++) store.replace(tenant("rotating-" + i), List.of("pk_own_" + i + "_0123456789"));
    assertTrue(store.create(tenant("zenith"), List.of("pk_shared_rotated_0123")), "a key its tenant no longer lists is free");
  }

  private static StoredTenant tenant(String name) {
    return new StoredTenant(name, "{}", AT, "operator");
  }

  /** Runs {@code store} for racers 0 to {@link #RACERS} at once; returns how many stored without a key taken. */
  private static int race(IntStore store) throws Exception {
    ExecutorService racers = Executors.newFixedThreadPool(RACERS);
    try {
      CyclicBarrier start = new CyclicBarrier(RACERS);
      List<Future<Boolean>> stored = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        int racer = i;
        stored.add(racers.submit(() -> {
          start.await();
          try {
            store.run(racer);
            return true;
          } catch (TenantStore.PublishableKeyTaken taken) {
            return false;
          }
        }));
      }
      int winners = 0;
      for (Future<Boolean> each : stored) winners += each.get(30, TimeUnit.SECONDS) ? 1 : 0;
      return winners;
    } finally {
      racers.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IntStore {
    void run(int racer);
  }
}
