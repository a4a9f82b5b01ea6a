package io.parley.voice;

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
