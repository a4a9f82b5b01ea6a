package io.parley.voice.cost;

import io.parley.core.cost.Spend;
import io.parley.core.cost.TenantSpend;
import java.time.Duration;

/**
 * What a node's calls tell of their cost (docs/operations.md#what-calls-cost), and what a call
 * refused for its tenant's spent budget hears: the premium speech each call sent or heard, by the
 * premium engine's name, and a phone call's time on the trunk, from its answer to its end.
 */
public record CallCosts(TenantSpend spend, String refusalNotice) {
  /** A node that prices nothing: no budget binds. */
  public static CallCosts none() {
    return new CallCosts(TenantSpend.none(), "");
  }

  /** A phone call of {@code tenant}'s session {@code sessionId} was connected for {@code connected}: a started second counts. */
  public void connected(String tenant, String sessionId, String callId, Spend.Direction direction, Duration connected) {
    long seconds = (connected.toMillis() + 999) / 1000;
    if (seconds > 0) spend.spent(tenant, sessionId, "trunk/" + callId, new Spend.Connected(direction, seconds));
  }
}
