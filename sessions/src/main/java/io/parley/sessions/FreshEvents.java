package io.parley.sessions;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The events this node's sessions sealed a moment ago, in memory, by their sealed bytes: the node's
 * conversations projection folds them soon after, and opening an event it had just sealed (decrypting
 * it, deserializing it again) was the larger part of what folding one cost. A fixed table of slots
 * chosen by the event's random nonce, a newer event taking an older one's slot, so the events no one
 * here reads (their slice runs on another node) cost no more than the table. An event is taken once,
 * and only by exactly the bytes that were sealed: bytes changed in the database are opened, and fail,
 * as any other. Thread-safe.
 */
public final class FreshEvents {
  /**
   * The slots of a node's table: at a node's full chat throughput (about 1,300 events a second), an
   * event folded within the projection's second of lag is still here nine times in ten; when no one
   * here folds them, a few megabytes of the latest events.
   */
  public static final int NODE_SLOTS = 16_384;
  private static final FreshEvents NONE = new FreshEvents(0);
  /** Where the nonce starts in sealed bytes ({@link io.parley.core.erasure.Sealing#seal}): at the start. */
  private static final int NONCE_BYTES_READ = 8;

  private record Fresh(byte[] sealed, Object plain) {}

  private final AtomicReferenceArray<Fresh> slots;
  private final int mask;

  private FreshEvents(int slots) {
    this.slots = new AtomicReferenceArray<>(slots);
    this.mask = slots - 1;
  }

  /** A table of {@code slots} events, a power of two. */
  public static FreshEvents of(int slots) {
    if (slots <= 0 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("the slots of fresh events are a power of two, not " + slots);
    }
    return new FreshEvents(slots);
  }

  /** Keeps nothing: a node that runs no projection has no reader for them. */
  public static FreshEvents none() {
    return NONE;
  }

  /** Keeps {@code plain}, just sealed as {@code sealed}, for the reader that folds it. */
  void keep(byte[] sealed, Object plain) {
    if (mask < 0 || sealed.length < NONCE_BYTES_READ) return;
    slots.set(slot(sealed), new Fresh(sealed, plain));
  }

  /** What was sealed as exactly {@code sealed}, if it is still here; it is then here no more. */
  Optional<Object> take(byte[] sealed) {
    if (mask < 0 || sealed.length < NONCE_BYTES_READ) return Optional.empty();
    int slot = slot(sealed);
    Fresh fresh = slots.get(slot);
    if (fresh == null || !Arrays.equals(fresh.sealed(), sealed) || !slots.compareAndSet(slot, fresh, null)) {
      return Optional.empty();
    }
    return Optional.of(fresh.plain());
  }

  private int slot(byte[] sealed) {
    int hash = 0;
    for (int i = 0; i < NONCE_BYTES_READ; i++) hash = 31 * hash + sealed[i];
    return hash & mask;
  }
}
