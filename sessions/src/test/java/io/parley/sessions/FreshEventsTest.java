package io.parley.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FreshEventsTest {
  private static final byte[] ADA = "ada|key-1|33|UserMessageAppended".getBytes();
  private static final byte[] BEA = "bea|key-1|33|UserMessageAppended".getBytes();

  /** Sealed bytes as {@code Sealing.seal} makes them: the nonce first (here its first byte chosen), then the rest. */
  private static byte[] sealed(int nonce, int rest) {
    return sealed(nonce, rest, 40);
  }

  private static byte[] sealed(int nonce, int rest, int length) {
    byte[] sealed = new byte[length];
    sealed[0] = (byte) nonce;
    sealed[length - 1] = (byte) rest;
    return sealed;
  }

  @Test
  void anEventIsTakenOnceByExactlyTheBytesThatWereSealedAndWhatTheyWereSealedFor() {
    FreshEvents fresh = FreshEvents.of(1024);
    fresh.keep(sealed(1, 0), ADA, "hello");

    assertEquals(Optional.empty(), fresh.take(sealed(1, 9), ADA), "same nonce, other bytes");
    assertEquals(Optional.empty(), fresh.take(sealed(1, 0), BEA), "the same bytes, moved to another session");
    assertEquals(Optional.of("hello"), fresh.take(sealed(1, 0), ADA));
    assertEquals(Optional.empty(), fresh.take(sealed(1, 0), ADA), "taken once");
  }

  @Test
  void aNewerEventTakesTheSlotOfAnOlderOne() {
    FreshEvents fresh = FreshEvents.of(1);
    fresh.keep(sealed(1, 0), ADA, "older");
    fresh.keep(sealed(2, 0), ADA, "newer");

    assertEquals(Optional.empty(), fresh.take(sealed(1, 0), ADA));
    assertEquals(Optional.of("newer"), fresh.take(sealed(2, 0), ADA));
  }

  @Test
  void anEventIsNotTakenLongAfterItWasSealedNorKeptWhenLarge() {
    AtomicLong now = new AtomicLong();
    FreshEvents fresh = FreshEvents.of(1024, now::get);
    fresh.keep(sealed(1, 0), ADA, "hello");
    fresh.keep(sealed(2, 0, FreshEvents.MAX_SEALED_BYTES + 1), ADA, "a long tool result");
    now.addAndGet(TimeUnit.SECONDS.toNanos(FreshEvents.MAX_AGE_SECONDS) + 1);

    assertEquals(Optional.empty(), fresh.take(sealed(1, 0), ADA));
    assertEquals(Optional.empty(), fresh.take(sealed(2, 0, FreshEvents.MAX_SEALED_BYTES + 1), ADA));
  }

  @Test
  void noneKeepsNothing() {
    FreshEvents none = FreshEvents.none();
    none.keep(sealed(1, 0), ADA, "hello");

    assertEquals(Optional.empty(), none.take(sealed(1, 0), ADA));
  }

  @Test
  void theSlotsAreAPowerOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> FreshEvents.of(1000));
    assertThrows(IllegalArgumentException.class, () -> FreshEvents.of(0));
  }
}
