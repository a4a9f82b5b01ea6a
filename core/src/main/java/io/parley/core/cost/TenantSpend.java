package io.parley.core.cost;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a node's calls and conversations tell what they spent, and ask whether their tenant may
 * still spend. Recording is idempotent on {@code key} (a retry counts once) and never blocks the
 * caller; {@link #exhausted} answers from what the node last heard of the tenant's standing, asking
 * again in the background when that is old, so it is cheap enough for every turn and call.
 */
public interface TenantSpend {
  /** {@code conversation}'s (its session's wire id) use of {@code spend}; {@code key} names it once. */
  void spent(String tenant, String conversation, String key, Spend spend);

  /** Whether one of {@code tenant}'s budgets is spent, as last heard. */
  boolean exhausted(String tenant);

  /** Whether one of {@code tenant}'s budgets is spent, asked now: for a decision that must not rest on an old answer. */
  CompletionStage<Boolean> exhaustedNow(String tenant);

  /** A node that keeps no costs: nothing is recorded, no budget binds. */
  static TenantSpend none() {
    return new TenantSpend() {
      @Override
      public void spent(String tenant, String conversation, String key, Spend spend) {}

      @Override
      public boolean exhausted(String tenant) {
        return false;
      }

      @Override
      public CompletionStage<Boolean> exhaustedNow(String tenant) {
        return CompletableFuture.completedFuture(false);
      }
    };
  }
}
