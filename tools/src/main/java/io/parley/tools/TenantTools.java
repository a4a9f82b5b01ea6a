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
  ToolRegistry forTurn(String tenant, BotConfig config);

  /** Only the node's tools, as each configuration enables them (nodes and tests without tenant tools). */
  static TenantTools nodeOnly(ToolRegistry node) {
    return (tenant, config) -> node.only(config::toolEnabled);
  }
}
