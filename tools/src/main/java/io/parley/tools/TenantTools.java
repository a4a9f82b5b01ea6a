package io.parley.tools;

import io.parley.core.bot.BotConfig;

/**
 * The tools a tenant's turn may use: the node's that the tenant's configuration enables, and the
 * tenant's own that it defines ({@code httpTools}, {@code mcpServers}). Asked by every turn with
 * the configuration its session is pinned to, so a session keeps the tools of its version; never
 * blocks (nothing is listed or fetched while a turn waits).
 */
@FunctionalInterface
public interface TenantTools {
  /** The tools offered to the model: never a tool that is {@code procedureOnly}. */
  ToolRegistry forTurn(String tenant, BotConfig config);

  /** The tools a procedure's steps may call: the model's, and those only procedures call. */
  default ToolRegistry forProcedures(String tenant, BotConfig config) {
    return forTurn(tenant, config);
  }

  /** Only the node's tools, as each configuration enables them (nodes and tests without tenant tools). */
  static TenantTools nodeOnly(ToolRegistry node) {
    return (tenant, config) -> node.only(config::toolEnabled);
  }
}
