package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.parley.core.WireName;
import java.util.Optional;

/**
 * Who must agree before one of the tenant's own tools runs (docs/tools.md#approvals): nobody
 * ({@code none}, the default), the customer of the session ({@code customer}), or one of the
 * tenant's agents ({@code agent}).
 */
public enum ToolApproval implements WireName {
  @JsonProperty("none") NONE,
  @JsonProperty("customer") CUSTOMER,
  @JsonProperty("agent") AGENT;

  public static final String EXPECTED = "one of none, customer, agent";

  /** The approval named {@code wireName}, if it is one. */
  public static Optional<ToolApproval> of(String wireName) {
    return WireName.find(values(), wireName);
  }
}
