package io.parley.sessions.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {
  private static Config config(Map<String, Object> settings) {
    return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
  }

  @Test
  void sessionsAreKeptForeverUnlessANumberOfDaysIsSet() {
    RetentionSettings defaults = RetentionSettings.create(config(Map.of()));
    assertTrue(defaults.keepsForever());
    assertEquals(Duration.ofHours(1), defaults.checkInterval());

    RetentionSettings perTenant = RetentionSettings.create(config(Map.of(
        "parley.identity.tenants", "{\"acme\": {\"retentionDays\": 90}}")));
    assertFalse(perTenant.keepsForever(), "one tenant's retention is enough to sweep");
    assertEquals(Map.of("acme", 90), perTenant.policy().tenantDays());
    assertEquals(30, RetentionSettings.create(config(Map.of("parley.retention.days", 30))).policy().defaultDays());
  }

  @Test
  void badValuesFailNamingTheVariable() {
    assertTrue(assertThrows(InvalidSettingException.class, () -> RetentionSettings.create(config(
        Map.of("parley.retention.days", "a month")))).getMessage().startsWith("PARLEY_RETENTION_DAYS"));
    assertTrue(assertThrows(InvalidSettingException.class, () -> RetentionSettings.create(config(
        Map.of("parley.retention.days", 40_000)))).getMessage().startsWith("PARLEY_RETENTION_DAYS"));
    assertTrue(assertThrows(InvalidSettingException.class, () -> RetentionSettings.create(config(
        Map.of("parley.identity.tenants", "{\"acme\": {\"retentionDays\": -3}}")))).getMessage().startsWith("PARLEY_TENANTS"));
    assertTrue(assertThrows(InvalidSettingException.class, () -> RetentionSettings.create(config(
        Map.of("parley.retention.check-interval", "often")))).getMessage().startsWith("PARLEY_RETENTION_CHECK_INTERVAL"));
  }
}
