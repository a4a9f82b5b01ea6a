package io.parley.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreshEventsTest {
  /** Sealed bytes as {@code Sealing.seal} makes them: the nonce first (here its first byte chosen), then the rest. */
  private static byte[] sealed(int nonce, int rest) {
    byte[] sealed = new byte[40];
    sealed[0] = (byte) nonce;
    sealed[39] = (byte) rest;
    return sealed;
  }

  @Test
  void anEventIsTakenOnceByExactlyTheBytesThatWereSealed() {
    FreshEvents fresh = FreshEvents.of(1024);
    fresh.keep(sealed(1, 0), "hello");

    assertEquals(Optional.empty(), fresh.take(sealed(1, 9)), "same nonce, other bytes");
    assertEquals(Optional.of("hello"), fresh.take(sealed(1, 0)));
    assertEquals(Optional.empty(), fresh.take(sealed(1, 0)), "taken once");
  }

  @Test
  void aNewerEventTakesTheSlotOfAnOlderOne() {
    FreshEvents fresh = FreshEvents.of(1);
    fresh.keep(sealed(1, 0), "older");
    fresh.keep(sealed(2, 0), "newer");

    assertEquals(Optional.empty(), fresh.take(sealed(1, 0)));
    assertEquals(Optional.of("newer"), fresh.take(sealed(2, 0)));
  }

  @Test
  void noneKeepsNothing() {
    FreshEvents none = FreshEvents.none();
    none.keep(sealed(1, 0), "hello");

    assertEquals(Optional.empty(), none.take(sealed(1, 0)));
  }

  @Test
  void theSlotsAreAPowerOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> FreshEvents.of(1000));
    assertThrows(IllegalArgumentException.class, () -> FreshEvents.of(0));
  }
}
