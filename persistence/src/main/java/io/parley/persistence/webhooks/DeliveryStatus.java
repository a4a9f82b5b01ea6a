package io.parley.persistence.webhooks;

import java.util.Locale;

/** Where a conversation event's delivery is: waiting to be sent (or retried), delivered, or given up on. */
public enum DeliveryStatus {
  PENDING, DELIVERED, FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static DeliveryStatus of(String stored) {
    return valueOf(stored.toUpperCase(Locale.ROOT));
  }
}
