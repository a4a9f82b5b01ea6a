package io.parley.sessions.conversations;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import java.time.Duration;
import java.util.Map;

/**
 * The conversations read model's settings: whether this node runs the projection's slices, how many
 * events a slice folds in one transaction at most and how long it waits to gather them, and the
 * model prices its cost estimates use.
 */
public record ConversationSettings(boolean projected, int batchSize, Duration batchWindow,
    Map<String, ModelPrices.Price> prices) {
  public static ConversationSettings create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    return new ConversationSettings(settings.flag("parley.conversations.enabled", "PARLEY_CONVERSATIONS_ENABLED"),
        settings.positiveInt("parley.conversations.batch-size", "PARLEY_CONVERSATIONS_BATCH_SIZE"),
        settings.duration("parley.conversations.batch-window", "PARLEY_CONVERSATIONS_BATCH_WINDOW"),
        settings.optionalJson("parley.conversations.model-prices", "PARLEY_MODEL_PRICES", ModelPrices.EXPECTED_FORM,
            ModelPrices::parse).orElse(Map.of()));
  }

  /** The prices, with {@code defaultProvider} for conversations whose configuration names no provider. */
  public ModelPrices pricesWith(String defaultProvider) {
    return new ModelPrices(prices, defaultProvider);
  }
}
