package io.parley.sessions.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How many model tokens each tenant may use per UTC day, read once at start-up from
 * {@code parley.tenant-budget}; 0 means no limit. {@code recheckAfter} is how long a session trusts
 * the standing it last heard, {@code checkTimeout} how long it waits for a fresh one.
 */
public record TenantBudgetSettings(
    long tokensPerDay, Map<String, Long> perTenant, Duration recheckAfter, Duration checkTimeout) {
  private static final String TOKENS_EXPECTED = "a whole number of tokens, 0 for no limit";
  private static final String OVERRIDES_EXPECTED =
      "PARLEY_TENANT_TOKEN_BUDGETS must be a JSON object {\"<tenant>\": <tokens per day>}, 0 for no limit";

  public TenantBudgetSettings {
    perTenant = Map.copyOf(perTenant);
  }

  /** No tenant has a limit: sessions never ask a budget. */
  public static TenantBudgetSettings unlimited() {
    return new TenantBudgetSettings(0, Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  public static TenantBudgetSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    long perDay = reader.optionalString("parley.tenant-budget.tokens-per-day", "PARLEY_TENANT_TOKENS_PER_DAY",
        TOKENS_EXPECTED, TenantBudgetSettings::isTokenCount).map(Long::parseLong).orElse(0L);
    return new TenantBudgetSettings(perDay, overrides(config.getString("parley.tenant-budget.overrides")),
        reader.duration("parley.tenant-budget.recheck-after", "PARLEY_TENANT_BUDGET_RECHECK_AFTER"),
        reader.duration("parley.tenant-budget.check-timeout", "PARLEY_TENANT_BUDGET_CHECK_TIMEOUT"));
  }

  /** The tenant's tokens per UTC day; 0 when it has no limit. */
  public long limitFor(String tenant) {
    return perTenant.getOrDefault(tenant, tokensPerDay);
  }

  private static Map<String, Long> overrides(String raw) {
    Map<String, Long> limits = new HashMap<>();
    try {
      JsonNode root = new ObjectMapper().readTree(raw.isBlank() ? "{}" : raw);
      if (!root.isObject()) throw new InvalidSettingException(OVERRIDES_EXPECTED + ", got " + raw);
      for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
        JsonNode limit = entry.getValue();
        if (!limit.canConvertToLong() || !limit.isIntegralNumber() || limit.asLong() < 0) {
          throw new InvalidSettingException(OVERRIDES_EXPECTED + "; tenant " + entry.getKey() + " has " + limit);
        }
        limits.put(entry.getKey(), limit.asLong());
      }
    } catch (InvalidSettingException e) {
      throw e;
    } catch (Exception e) {
      throw new InvalidSettingException(OVERRIDES_EXPECTED + ": " + e.getMessage());
    }
    return limits;
  }

  private static boolean isTokenCount(String raw) {
    try {
      return Long.parseLong(raw) >= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
