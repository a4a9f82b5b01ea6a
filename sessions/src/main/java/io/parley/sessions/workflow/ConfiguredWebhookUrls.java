package io.parley.sessions.workflow;

import io.parley.sessions.bot.BotConfigs;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The webhook URL a tenant's live bot configuration names ({@code webhookUrl}), read when a
 * delivery is made. A step blocks on it as it blocks on the POST that follows; a configuration that
 * does not answer fails the step transiently, to be retried, rather than send the event to a URL
 * the tenant may have left. Where it may connect is the node's outbound policy's to say, at the
 * delivery ({@link Webhooks}).
 */
public final class ConfiguredWebhookUrls implements Function<String, Optional<URI>> {
  private final BotConfigs configs;

  public ConfiguredWebhookUrls(BotConfigs configs) {
    this.configs = configs;
  }

  @Override
  public Optional<URI> apply(String tenant) {
    try {
      return configs.current(tenant).toCompletableFuture().get()
          .flatMap(pinned -> pinned.config().webhookUrl()).map(URI::create);
    } catch (ExecutionException e) {
      throw new StepFailure("the tenant's bot configuration did not answer: " + e.getCause(), true, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailure("interrupted while reading the tenant's bot configuration", true, e);
    }
  }
}
