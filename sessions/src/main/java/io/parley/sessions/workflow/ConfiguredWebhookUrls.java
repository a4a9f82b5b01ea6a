package io.parley.sessions.workflow;

import io.parley.core.net.PrivateAddresses;
import io.parley.sessions.bot.BotConfigs;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The webhook URL a tenant's live bot configuration names ({@code webhookUrl}), read when a
 * delivery is made. A step blocks on it as it blocks on the POST that follows; a configuration that
 * does not answer fails the step transiently, to be retried, rather than send the event to a URL
 * the tenant may have left. Unless the operator allows it ({@code PARLEY_WEBHOOK_PRIVATE_ADDRESSES}),
 * a URL whose host resolves to a private address ({@link PrivateAddresses}) fails the step for
 * good: a tenant's admins must not make the node probe the operator's own network.
 */
public final class ConfiguredWebhookUrls implements Function<String, Optional<URI>> {
  private final BotConfigs configs;
  private final boolean privateAddressesAllowed;

  public ConfiguredWebhookUrls(BotConfigs configs, boolean privateAddressesAllowed) {
    this.configs = configs;
    this.privateAddressesAllowed = privateAddressesAllowed;
  }

  @Override
  public Optional<URI> apply(String tenant) {
    try {
      Optional<URI> url = configs.current(tenant).toCompletableFuture().get()
          .flatMap(pinned -> pinned.config().webhookUrl()).map(URI::create);
      url.filter(u -> !privateAddressesAllowed).ifPresent(ConfiguredWebhookUrls::requirePublic);
      return url;
    } catch (ExecutionException e) {
      throw new StepFailure("the tenant's bot configuration did not answer: " + e.getCause(), true, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailure("interrupted while reading the tenant's bot configuration", true, e);
    }
  }

  /** The host is resolved here and again by the POST; a name that moves between the two is not caught. */
  private static void requirePublic(URI url) {
    try {
      PrivateAddresses.firstPrivate(List.of(InetAddress.getAllByName(url.getHost()))).ifPresent(address -> {
        throw new StepFailure("the tenant's webhookUrl " + url.getHost() + " resolves to a private address (" + address
            .getHostAddress() + "); the operator allows those with PARLEY_WEBHOOK_PRIVATE_ADDRESSES=true", false);
      });
    } catch (UnknownHostException e) {
      throw new StepFailure("the tenant's webhookUrl host " + url.getHost() + " does not resolve now", true, e);
    }
  }
}
