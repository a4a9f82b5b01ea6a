package io.parley.sessions.conversations;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.sessions.bot.BotConfigs;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The conversation events a tenant's webhook hears: its live bot configuration's {@code
 * webhookEvents}, asked as events are folded (on a node, at most once per {@link
 * CachedSubscriptions#REFRESH_EVERY}). A configuration that does not answer fails the event's fold, which the
 * projection retries, rather than lose a delivery the tenant asked for.
 */
public interface SubscribedEvents {
  List<String> of(String tenant);

  static SubscribedEvents of(BotConfigs configs) {
    return tenant -> {
      try {
        return configs.current(tenant).toCompletableFuture().get().map(PinnedBotConfig::config)
            .map(BotConfig::webhookEvents).orElse(List.of());
      } catch (ExecutionException e) {
        throw new IllegalStateException("the bot configuration of tenant " + tenant + " did not answer", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading tenant " + tenant + "'s bot configuration", e);
      }
    };
  }
}
