package io.parley.voice;

import io.parley.sessions.resilience.DependencyBreakers;
import java.util.Objects;
import java.util.function.Function;
import org.apache.pekko.pattern.CircuitBreaker;

/**
 * What the calls of one tier share: the premium engine and its circuit breaker, the local engine
 * that stands in for it, and the count of fallbacks. The tier makes it and its calls use it, so
 * that no call's file depends on its tier's.
 *
 * @param kind {@code stt} or {@code tts}, the {@code kind} label of the fallbacks counter
 * @param tenant whose calls' fallbacks are counted: {@link VoiceFallbacks#NO_TENANT} until
 *     {@link #forTenant} names one
 */
record Tiering<E>(E premium, String premiumName, E local, String localName, CircuitBreaker breaker, String kind,
    VoiceFallbacks fallbacks, String tenant) {

  Tiering(E premium, String premiumName, E local, String localName, CircuitBreaker breaker, String kind,
      VoiceFallbacks fallbacks) {
    this(premium, premiumName, local, localName, breaker, kind, fallbacks, VoiceFallbacks.NO_TENANT);
  }

  /**
   * The tier of {@code premium} standing in with {@code local}, for no tenant yet. Registers the
   * premium engine's breaker ({@code <kind>:<engine>}) with the node's settings, so
   * {@code /metrics} shows it from the start.
   */
  static <E> Tiering<E> of(E premium, E local, Function<E, String> name, String kind, DependencyBreakers breakers,
      VoiceFallbacks fallbacks) {
    String premiumName = name.apply(Objects.requireNonNull(premium, "premium"));
    return new Tiering<>(premium, premiumName, Objects.requireNonNull(local, "local"), name.apply(local),
        breakers.breaker(dependency(kind, premiumName)), kind, fallbacks);
  }

  /** The breaker name of a premium engine of {@code kind}. */
  static String dependency(String kind, String engine) {
    return kind + ":" + engine;
  }

  /** The same tier for a call of {@code tenant}: its fallbacks count under the tenant, from 0. */
  Tiering<E> forTenant(String tenant) {
    fallbacks.expect(kind, premiumName, tenant);
    return new Tiering<>(premium, premiumName, local, localName, breaker, kind, fallbacks, tenant);
  }

  /** {@code <premium>><local>}, as a chain of model providers is named. */
  String name() {
    return premiumName + ">" + localName;
  }

  void fellBack(int times) {
    fallbacks.count(kind, premiumName, tenant, times);
  }
}
