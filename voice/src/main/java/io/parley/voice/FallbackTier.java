package io.parley.voice;

import io.parley.sessions.resilience.DependencyBreakers;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the two fallback tiers, speech to text and text to speech, share:
 * their {@link Tiering} (the premium engine behind its breaker, the local one, the fallbacks'
 * count), made when the node starts and made again for each call's tenant, and their name.
 * Each subclass keeps its own constructors and {@code forTenant}: they read alike, but each names
 * its own engine type, which a shared generic factory would have to cast.
 *
 * @param <E> the engines' kind: speech to text or text to speech
 */
abstract class FallbackTier<E> {
  final Tiering<E> tiering;

  /**
   * Registers the premium engine's breaker ({@code <kind>:<engine>}) with the node's settings, so
   * {@code /metrics} shows it from the start.
   */
  FallbackTier(E premium, E local, Function<E, String> name, String kind, DependencyBreakers breakers,
      VoiceFallbacks fallbacks) {
    this(new Tiering<>(Objects.requireNonNull(premium, "premium"), name.apply(premium),
        Objects.requireNonNull(local, "local"), name.apply(local),
        breakers.breaker(dependency(kind, name.apply(premium))), kind, fallbacks));
  }

  FallbackTier(Tiering<E> tiering) {
    this.tiering = tiering;
  }

  /** The breaker name of a premium engine of {@code kind}. */
  static String dependency(String kind, String engine) {
    return kind + ":" + engine;
  }

  /** {@code <premium>><local>}. */
  public String name() {
    return tiering.name();
  }
}
