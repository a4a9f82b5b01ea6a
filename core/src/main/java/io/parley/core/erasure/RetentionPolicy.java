package io.parley.core.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.config.JsonEntryList;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How long sessions are kept (PARLEY_RETENTION_DAYS, 0: for ever), per tenant where its entry in
 * PARLEY_TENANTS or of the API says {@code "retentionDays"}; older ones are erased like a user's.
 */
public record RetentionPolicy(int defaultDays, Map<String, Integer> tenantDays) {
  public static final int MAX_DAYS = 36_500;

  public RetentionPolicy {
    if (defaultDays < 0 || defaultDays > MAX_DAYS) throw new IllegalArgumentException("retention days must be 0-" + MAX_DAYS);
    tenantDays = Map.copyOf(tenantDays);
  }

  /** This policy with the days of more tenants (those of the API); a tenant this one sets already keeps its days. */
  public RetentionPolicy withTenantDays(Map<String, Integer> more) {
    Map<String, Integer> all = new LinkedHashMap<>(more);
    all.putAll(tenantDays);
    return new RetentionPolicy(defaultDays, all);
  }

  /** Whether no session is ever past retention: nothing to sweep. */
  public boolean keepsForever() {
    return defaultDays == 0 && tenantDays.values().stream().allMatch(days -> days == 0);
  }

  /** Sessions of {@code tenant} started before the returned instant are past retention; empty: kept for ever. */
  public Optional<Instant> cutoff(String tenant, Instant now) {
    int days = tenantDays.getOrDefault(tenant, defaultDays);
    return days == 0 ? Optional.empty() : Optional.of(now.minus(Duration.ofDays(days)));
  }

  /**
   * The {@code retentionDays} of each tenant of PARLEY_TENANTS that has one (its other fields are
   * the identity's, read by {@code TenantIdentityList}).
   *
   * @throws IllegalArgumentException naming the tenant when a value is not a whole number of days 0-36500
   */
  public static Map<String, Integer> tenantDays(String tenantsJson) {
    JsonNode root = JsonEntryList.readTree(tenantsJson);
    Map<String, Integer> days = new LinkedHashMap<>();
    if (root == null || !root.isObject()) return days;
    for (Iterator<Map.Entry<String, JsonNode>> tenants = root.fields(); tenants.hasNext(); ) {
      Map.Entry<String, JsonNode> tenant = tenants.next();
      JsonNode value = tenant.getValue().path("retentionDays");
      if (value.isMissingNode()) continue;
      if (!(value.isIntegralNumber() && value.canConvertToInt() && value.asInt() >= 0 && value.asInt() <= MAX_DAYS)) {
        throw new IllegalArgumentException("tenant " + tenant.getKey() + ": retentionDays must be a whole number of days"
            + " from 0 (for ever) to " + MAX_DAYS + ", got " + JsonEntryList.describe(value));
      }
      days.put(tenant.getKey(), value.asInt());
    }
    return days;
  }
}
