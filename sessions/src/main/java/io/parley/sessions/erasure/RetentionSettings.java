package io.parley.sessions.erasure;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import io.parley.core.erasure.RetentionPolicy;
import io.parley.core.identity.TenantIdentityList;
import java.time.Duration;
import java.util.Map;

/**
 * How long sessions are kept: {@code PARLEY_RETENTION_DAYS} (0: for ever), a tenant's own
 * {@code retentionDays} in {@code PARLEY_TENANTS}, and how often each node looks for older ones
 * ({@code PARLEY_RETENTION_CHECK_INTERVAL}).
 */
public record RetentionSettings(RetentionPolicy policy, Duration checkInterval) {
  public static RetentionSettings create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    int days = settings.nonNegativeInt("parley.retention.days", "PARLEY_RETENTION_DAYS");
    if (days > RetentionPolicy.MAX_DAYS) {
      throw new InvalidSettingException("PARLEY_RETENTION_DAYS (parley.retention.days): at most "
          + RetentionPolicy.MAX_DAYS + " days, got " + days);
    }
    Map<String, Integer> tenants = settings.optionalJson("parley.identity.tenants", "PARLEY_TENANTS",
        TenantIdentityList.EXPECTED_FORM, RetentionPolicy::tenantDays).orElse(Map.of());
    return new RetentionSettings(new RetentionPolicy(days, tenants),
        settings.duration("parley.retention.check-interval", "PARLEY_RETENTION_CHECK_INTERVAL"));
  }

  public boolean keepsForever() {
    return policy.keepsForever();
  }
}
