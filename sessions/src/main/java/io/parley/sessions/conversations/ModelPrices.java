package io.parley.sessions.conversations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;

/**
 * What the model providers charge, in US dollars per million tokens, by provider name
 * ({@code PARLEY_MODEL_PRICES}), and the provider a conversation's tokens are priced at when its
 * bot configuration names none: the node's first. A provider with no price costs nothing.
 */
record ModelPrices(Map<String, Price> byProvider, String defaultProvider) {
  public static final String EXPECTED_FORM = "a JSON object of provider name to {\"prompt\": dollars, "
      + "\"completion\": dollars} per million tokens";

  public record Price(double prompt, double completion) {
    public Price {
      if (!(prompt >= 0) || !(completion >= 0)) throw new IllegalArgumentException("prices must not be negative");
    }
  }

  public ModelPrices {
    byProvider = Map.copyOf(byProvider);
  }

  public static Map<String, Price> parse(String json) {
    try {
      return new ObjectMapper().readValue(json, new TypeReference<Map<String, Price>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The estimated cost of these tokens at {@code provider}'s price. */
  public double cost(String provider, long promptTokens, long completionTokens) {
    Price price = Optional.ofNullable(byProvider.get(provider)).orElse(new Price(0, 0));
    return (promptTokens * price.prompt() + completionTokens * price.completion()) / 1_000_000.0;
  }
}
