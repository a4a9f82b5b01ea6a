package io.parley.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the start-up log says of the default tenant, for each way of configuring it. */
class TenantDirectoryTest {
  @Test
  void aDefaultTenantNoEntryNamesIsOpenAndTheNodeSaysHowToCloseIt() {
    TenantDirectory directory = directory("demo", "{\"acme\": {}}");
    assertTrue(directory.defaultTenantIsOpen());
    assertEquals("The default tenant demo is open: anyone who reaches this node may chat in it without a credential. "
        + "Unless that is meant (a public demo), give it an entry in PARLEY_TENANTS without anonymousWithoutKey, or set "
        + "PARLEY_DEFAULT_TENANT to a tenant configured there (docs/security.md)", directory.defaultTenantOpenness());
  }

  @Test
  void anEntryThatOpensItKeepsItOpen() {
    TenantDirectory directory = directory("demo", "{\"demo\": {\"anonymousWithoutKey\": true}}");
    assertTrue(directory.defaultTenantIsOpen());
    assertTrue(directory.defaultTenantOpenness().startsWith("The default tenant demo is open"));
  }

  @Test
  void anEntryWithoutItClosesIt() {
    for (TenantDirectory directory : new TenantDirectory[] {directory("demo", "{\"demo\": {}}"),
        directory("acme", "{\"acme\": {}}")}) {
      assertFalse(directory.defaultTenantIsOpen());
      assertEquals("The default tenant " + directory.defaultTenant() + " is closed: its customers need a token, "
          + "an API key or a publishable key", directory.defaultTenantOpenness());
    }
  }

  private static TenantDirectory directory(String defaultTenant, String tenants) {
    return new TenantDirectory(new IdentitySettings(defaultTenant, TenantIdentityList.parse(tenants)));
  }
}
