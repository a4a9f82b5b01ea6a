package io.parley.core.identity;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import io.parley.core.retry.Backoff;
import java.time.Duration;

/**
 * How the node reads what identity providers publish (an OpenID Connect provider's discovery
 * document, a JWK set): never on a thread that serves requests, each read bounded, and what was
 * read kept.
 *
 * @param timeout a read ends with a failure past this, connection and answer together
 * @param keep a document read is used this long, then read again in the background while it stays in use
 * @param staleLimit how much longer than {@code keep} a document stays in use while its provider
 *     cannot be read; past it, tokens that need it are refused
 * @param retryAfter after a failed read no other starts for this long, doubled with each failure in a
 *     row, up to {@code keep}
 * @param refreshInterval the least time between two reads of a key set asked for by tokens naming a
 *     key it lacks (a key the provider has just rotated in, or made up)
 */
public record ProviderFetchSettings(
    Duration timeout, Duration keep, Duration staleLimit, Duration retryAfter, Duration refreshInterval) {
  static final Duration STALE_LIMIT = Duration.ofHours(1);
  static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);

  public static ProviderFetchSettings create(Config config) {
    SettingsReader settings = new SettingsReader(config);
    return new ProviderFetchSettings(
        settings.duration("parley.identity.providers.timeout", "PARLEY_IDENTITY_PROVIDER_TIMEOUT"),
        settings.duration("parley.identity.providers.keep", "PARLEY_IDENTITY_PROVIDER_KEEP"),
        STALE_LIMIT,
        settings.duration("parley.identity.providers.retry-after", "PARLEY_IDENTITY_PROVIDER_RETRY_AFTER"),
        REFRESH_INTERVAL);
  }

  /** The wait after failure number {@code inARow} of a document's reads. */
  Backoff backoff() {
    return new Backoff(retryAfter.compareTo(keep) <= 0 ? retryAfter : keep, keep, 2.0, 0.0);
  }

  /** A read that took longer than this succeeded, but its provider is slow: logged and counted. */
  Duration slow() {
    return timeout.dividedBy(4);
  }
}
