package io.parley.voice;

import org.apache.pekko.pattern.CircuitBreaker;

/**
 * What the calls of one tier share: the premium engine and its circuit breaker, the local engine
 * that stands in for it, and the count of fallbacks. The tier makes it and its calls use it, so
 * that no call's file depends on its tier's.
 *
 * @param kind {@code stt} or {@code tts}, the {@code kind} label of the fallbacks counter
 */
record Tiering<E>(E premium, String premiumName, E local, String localName, CircuitBreaker breaker, String kind,
    VoiceFallbacks fallbacks) {

  Tiering {
    fallbacks.expect(kind, premiumName);
  }

  /** {@code <premium>><local>}, as a chain of model providers is named. */
  String name() {
    return premiumName + ">" + localName;
  }

  void fellBack(int times) {
    fallbacks.count(kind, premiumName, times);
  }
}
