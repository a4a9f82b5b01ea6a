package io.parley.core.identity;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The keys a token is checked with, as {@link ProviderKeys} knows them now: it never waits for a
 * provider. Keys not known yet, or not readable, refuse the token with {@link KeysNotKnown}; a token
 * naming a key the known set lacks asks for the set again (a key just rotated in) and, while that
 * read is under way, is refused the same way.
 */
final class KnownKeys implements JWKSource<SecurityContext> {
  static final String READING = "the issuer's keys are being fetched; try again";
  static final String UNREADABLE = "the issuer's keys could not be fetched; try again later";
  private static final Duration SOON = Duration.ofSeconds(1);

  private final Supplier<ProviderDocuments.Lookup<JWKSet>> keys;
  private final BooleanSupplier refresh;
  private final ProviderFetches outcomes;
  private final Clock clock;

  /** {@code refresh}: asks for the set again, and says whether a read of it is under way. */
  KnownKeys(Supplier<ProviderDocuments.Lookup<JWKSet>> keys, BooleanSupplier refresh, ProviderFetches outcomes, Clock clock) {
    this.keys = keys;
    this.refresh = refresh;
    this.outcomes = outcomes;
    this.clock = clock;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    switch (keys.get()) {
      case ProviderDocuments.Lookup.Known<JWKSet> known -> {
        List<JWK> matching = selector.select(known.document());
        if (matching.isEmpty() && refresh.getAsBoolean()) throw refused(READING, SOON);
        return matching;
      }
      case ProviderDocuments.Lookup.Reading<JWKSet> reading -> throw refused(READING, SOON);
      case ProviderDocuments.Lookup.Unreadable<JWKSet> unreadable -> {
        Duration wait = Duration.between(clock.instant(), unreadable.retryAt());
        throw refused(UNREADABLE, wait.compareTo(SOON) < 0 ? SOON : wait);
      }
    }
  }

  private KeysNotKnown refused(String why, Duration retryAfter) {
    outcomes.refusedWithoutKeys();
    return new KeysNotKnown(why, retryAfter);
  }
}
