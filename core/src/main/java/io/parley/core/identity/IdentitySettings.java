package io.parley.core.identity;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tenants configured at start-up and how their callers prove who they are ({@code PARLEY_TENANTS});
 * a {@link TenantDirectory} adds those created through the API. The default tenant, unless
 * configured, stays open to anonymous customers, so the quick start chats with no set-up; every
 * other tenant needs a credential.
 */
public record IdentitySettings(String defaultTenant, Map<String, TenantIdentity> tenants) {
  public IdentitySettings {
    Map<String, TenantIdentity> all = new LinkedHashMap<>(tenants);
    all.putIfAbsent(defaultTenant, TenantIdentity.open(defaultTenant));
    tenants = Map.copyOf(all);
  }

  public static IdentitySettings create(Config config, String defaultTenant) {
    return new IdentitySettings(defaultTenant, new SettingsReader(config)
        .optionalJson("parley.identity.tenants", "PARLEY_TENANTS", TenantIdentityList.EXPECTED_FORM,
            TenantIdentityList::parse)
        .orElse(Map.of()));
  }

  /** One line for the start-up log: where anyone may chat without a credential, and how many tenants are configured. */
  public String summary() {
    var open = tenants.values().stream().filter(TenantIdentity::openToAnonymous).map(TenantIdentity::tenant).sorted().toList();
    return (open.isEmpty() ? "no tenant accepts customers without a credential"
        : "customers chat without any credential in tenant(s) " + String.join(", ", open))
        + "; the default tenant is " + defaultTenant + "; other tenants need a token, an API key or a publishable key "
        + "(PARLEY_TENANTS configures " + (tenants.size() - (tenants.get(defaultTenant).equals(TenantIdentity.open(defaultTenant)) ? 1 : 0))
        + ")";
  }
}
