package io.parley.persistence.webhooks;

import io.parley.core.WireName;
import java.util.Locale;

/** Where a conversation event's delivery is: waiting to be sent (or retried), delivered, or given up on. */
public enum DeliveryStatus implements WireName {
  PENDING, DELIVERED, FAILED;

  static DeliveryStatus of(String stored) {
    return valueOf(stored.toUpperCase(Locale.ROOT));
  }
}
