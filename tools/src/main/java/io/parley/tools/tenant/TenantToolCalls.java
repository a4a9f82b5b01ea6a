package io.parley.tools.tenant;

import io.parley.tools.Tool;
import io.parley.tools.ToolFailure;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * How many calls of its own tools each tenant may have under way on this node at once
 * ({@value #PER_TENANT}): a tenant whose server hangs holds at most that many of the threads tool
 * calls run on, and the calls past it fail at once (transient: retried after the backoff), so
 * another tenant's calls still find threads free.
 */
final class TenantToolCalls {
  static final int PER_TENANT = 8;

  private final Map<String, Semaphore> running = new ConcurrentHashMap<>();

  Tool limited(String tenant, Tool tool) {
    Semaphore permits = running.computeIfAbsent(tenant, t -> new Semaphore(PER_TENANT));
    return Tool.of(tool.definition(), invocation -> {
      if (!permits.tryAcquire()) {
        throw new ToolFailure(tool.definition().name() + " was not called: " + PER_TENANT
            + " of this company's tool calls are already under way; try again in a moment", true);
      }
      try {
        return tool.run(invocation);
      } finally {
        permits.release();
      }
    });
  }
}
