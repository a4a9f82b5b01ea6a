package io.parley.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantIdentityListTest {
  @Test
  void badSettingsNameTheVariableTheTenantAndTheExpectedFormButNoSecret() {
    assertProblem("{\"acme\": {\"hs256Secret\": \"too-short-secret\", \"issuer\": \"i\", \"audience\": \"a\"}}",
        "tenant acme: hs256Secret must be at least 32 bytes", "too-short-secret");
    assertProblem("{\"acme\": {\"hs256Secret\": \"a-secret-that-is-long-enough-32bytes\"}}",
        "issuer is required", "long-enough");
    assertProblem("{\"Acme\": {}}", "tenant names are", null);
    assertProblem("{\"acme\": {\"apiKeys\": [{\"name\": \"k\", \"sha256\": \"plain-key\", \"roles\": [\"agent\"]}]}}",
        "apiKeys: entry 1 (\"k\"): sha256 must be", "plain-key");
    assertProblem("{\"acme\": {\"apiKeys\": [{\"name\": \"k\", \"sha256\": \"" + "a".repeat(64)
        + "\", \"roles\": [\"operator\"]}]}}", "roles must be agent or admin", null);
    assertProblem("{\"acme\": {\"secret\": \"x\"}}", "unknown field \"secret\"", null);
    assertProblem("[1]", "expected a JSON object", null);
    assertProblem("{\"acme\": {\"allowedOrigins\": \"https://www.acme.example\"}}", "allowedOrigins must be an array", null);
    assertProblem("{\"acme\": {\"allowedOrigins\": [\"www.acme.example\"]}}", "allowedOrigins: an allowed origin is", null);
  }

  @Test
  void aTenantAcceptsEveryPublishableKeyItListsAndMayBeDisabled() {
    TenantIdentity acme = IdentitySettings.create(config("{\"acme\": {\"publishableKey\": \"pk_acme_old_0123456789\", "
        + "\"publishableKeys\": [\"pk_acme_new_0123456789\", \"pk_acme_old_0123456789\"], \"disabled\": true}}"),
        "demo").tenants().get("acme");
    assertEquals(java.util.List.of("pk_acme_old_0123456789", "pk_acme_new_0123456789"), acme.publishableKeys());
    assertTrue(acme.disabled());
    assertProblem("{\"acme\": {\"publishableKeys\": [\"short\"]}}", "publishableKey must be 16-128", "short");
    assertProblem("{\"acme\": {\"disabled\": \"yes\"}}", "disabled must be true or false", null);
    assertProblem("{\"acme\": {\"retentionDays\": -1}}", "retentionDays must be a whole number", null);
  }

  @Test
  void aTenantNamesTheProviderItsStaffSignInWith() {
    TenantIdentity acme = IdentitySettings.create(config("{\"acme\": {\"oidc\": {\"issuer\": "
        + "\"https://login.acme.example\", \"clientId\": \"parley-console\"}}}"), "demo").tenants().get("acme");
    assertEquals(java.util.Optional.of(new OidcProvider("https://login.acme.example", "parley-console", "roles")), acme.oidc());
    assertTrue(acme.tokens().isEmpty(), "a provider needs no token keys of the tenant's own");
    assertProblem("{\"acme\": {\"oidc\": {\"issuer\": \"https://login.acme.example\"}}}", "oidc.clientId is required", null);
    assertProblem("{\"acme\": {\"oidc\": {\"issuer\": \"login.acme.example\", \"clientId\": \"c\"}}}",
        "oidc.issuer must be an https:// URL", null);
    assertProblem("{\"acme\": {\"oidc\": {\"issuer\": \"https://l.example\", \"clientId\": \"c\", "
        + "\"clientSecret\": \"s3cr3t\"}}}", "oidc: unknown field \"clientSecret\"", "s3cr3t");
  }

  @Test
  void theDefaultTenantStaysOpenUnlessConfigured() {
    IdentitySettings none = IdentitySettings.create(ConfigFactory.empty(), "demo");
    assertTrue(none.tenants().get("demo").openToAnonymous());
    assertTrue(none.summary().contains("demo"), none.summary());
    IdentitySettings closed = IdentitySettings.create(config("{\"demo\": {\"publishableKey\": \"pk_demo_0123456789ab\"}}"), "demo");
    assertFalse(closed.tenants().get("demo").openToAnonymous());
    assertEquals(1, closed.tenants().size());
  }

  @Test
  void aTenantListsTheSitesThatMayOpenItsSockets() {
    IdentitySettings settings = IdentitySettings.create(config(
        "{\"acme\": {\"allowedOrigins\": [\"https://www.acme.example\", \"https://help.acme.example:8443\"]}}"), "demo");
    assertEquals(java.util.List.of("https://www.acme.example", "https://help.acme.example:8443"),
        settings.tenants().get("acme").allowedOrigins());
    assertEquals(java.util.List.of(), settings.tenants().get("demo").allowedOrigins());
  }

  private static void assertProblem(String json, String expected, String secret) {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> IdentitySettings.create(config(json), "demo"));
    assertTrue(e.getMessage().startsWith("PARLEY_TENANTS (parley.identity.tenants): "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    if (secret != null) assertFalse(e.getMessage().contains(secret), e.getMessage());
  }

  private static com.typesafe.config.Config config(String json) {
    return ConfigFactory.parseMap(Map.of("parley.identity.tenants", json));
  }
}
