package io.parley.sessions.conversations;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import java.util.Map;

/**
 * The conversations read model's settings: whether this node runs the projection's slices, and the
 * model prices its cost estimates use.
 */
public record ConversationSettings(boolean projected, Map<String, ModelPrices.Price> prices) {
  public static ConversationSettings create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    return new ConversationSettings(settings.flag("parley.conversations.enabled", "PARLEY_CONVERSATIONS_ENABLED"),
        settings.optionalJson("parley.conversations.model-prices", "PARLEY_MODEL_PRICES", ModelPrices.EXPECTED_FORM,
            ModelPrices::parse).orElse(Map.of()));
  }

  /** The prices, with {@code defaultProvider} for conversations whose configuration names no provider. */
  public ModelPrices pricesWith(String defaultProvider) {
    return new ModelPrices(prices, defaultProvider);
  }
}
