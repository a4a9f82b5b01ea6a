package io.parley.core.language;

import java.util.Map;

/**
 * A text for the customer, not yet in their language: the key of its text in the packs, the
 * values of its placeholders, and the placeholders whose value is itself a text ({@code priority}
 * is {@code ticket.priority.high}), so whoever knows the conversation's language writes it.
 */
public record CustomerText(String key, Map<String, String> values, Map<String, String> texts) {
  public CustomerText {
    values = Map.copyOf(values);
    texts = Map.copyOf(texts);
  }

  public static CustomerText of(String key, Map<String, String> values) {
    return new CustomerText(key, values, Map.of());
  }
}
