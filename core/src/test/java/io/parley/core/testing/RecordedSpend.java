package io.parley.core.testing;

import io.parley.core.cost.Spend;
import io.parley.core.cost.TenantSpend;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link TenantSpend} that keeps what it is told; no budget is ever spent. */
public final class RecordedSpend implements TenantSpend {
  /** One use told. */
  public record Told(String tenant, String conversation, String key, Spend spend) {}

  private final List<Told> told = new CopyOnWriteArrayList<>();

  public List<Told> told() {
    return List.copyOf(told);
  }

  @Override
  public void spent(String tenant, String conversation, String key, Spend spend) {
    told.add(new Told(tenant, conversation, key, spend));
  }

  @Override
  public boolean exhausted(String tenant) {
    return false;
  }

  @Override
  public CompletionStage<Boolean> exhaustedNow(String tenant) {
    return CompletableFuture.completedFuture(false);
  }
}
