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
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.Dialect;
import io.parley.persistence.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On both databases: a tenant is created once and replaced whole; a node's directory reads them,
 * PARLEY_TENANTS winning for the tenants it names, tells who becomes disabled, and takes each
 * API tenant's retention.
 */
class JdbcTenantsTest {
  private static final Instant AT = Instant.parse("2026-11-25T10:00:00.123456Z");
  private static final String ZENITH = "{\"publishableKeys\": [\"pk_zenith_0123456789ab\"], \"retentionDays\": 30}";

  @TempDir Path dataDir;
  private Database database;

  @AfterEach
  void closeDatabase() {
    if (database != null) database.close();
  }

  private JdbcTenants open(Dialect dialect) {
    database = Database.open(dialect == Dialect.H2 ? DatabaseSettings.h2(dataDir) : TestPostgres.newDatabase());
    database.migrate();
    return new JdbcTenants(database.dataSource());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aTenantIsCreatedOnceAndReplacedWhole(Dialect dialect) {
    JdbcTenants tenants = open(dialect);
    StoredTenant zenith = new StoredTenant("zenith", ZENITH, AT, "operator");
    assertTrue(tenants.create(zenith));
    assertFalse(tenants.create(new StoredTenant("zenith", "{}", AT, "operator")), "If-None-Match: * finds it");
    assertEquals(List.of(zenith), tenants.all());

    StoredTenant replaced = new StoredTenant("zenith", "{\"disabled\": true}", AT.plusSeconds(1), "operator");
    assertTrue(tenants.replace(replaced), "it was there");
    assertFalse(tenants.replace(new StoredTenant("yonder", "{}", AT, "operator")), "a new one is created");
    assertEquals(List.of(new StoredTenant("yonder", "{}", AT, "operator"), replaced), tenants.all());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theDirectoryServesStoredTenantsBesideConfiguredOnesWhichWin(Dialect dialect) {
    JdbcTenants store = open(dialect);
    TenantDirectory directory = new TenantDirectory(new IdentitySettings("demo",
        TenantIdentityList.parse("{\"acme\": {\"publishableKey\": \"pk_acme_0123456789abcd\"}}")));
    List<String> disabled = new ArrayList<>();
    directory.onDisabled(disabled::add);

    store.create(new StoredTenant("zenith", ZENITH, AT, "operator"));
    store.create(new StoredTenant("acme", "{\"disabled\": true}", AT, "operator"));
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
    store.replace(new StoredTenant("zenith", "{\"disabled\": true}", AT, "operator"));
    directory.reload(store);
    directory.reload(store);
    assertEquals(List.of("zenith"), disabled, "told once, when it becomes disabled");
    TenantIdentity yonder = TenantIdentityList.entry("yonder",
        JsonNodeFactory.instance.objectNode().put("publishableKey", "pk_acme_0123456789abcd"));
    assertThrows(IllegalArgumentException.class, () -> directory.requireKeysUnique(yonder), "a key of another tenant");
  }
}
