package io.parley.sessions;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * The events this node's sessions sealed a moment ago, in memory, by their sealed bytes: the node's
 * conversations projection folds them soon after, and opening an event it had just sealed (decrypting
 * it, deserializing it again) was the larger part of what folding one cost. A fixed table of slots
 * chosen by the event's random nonce, a newer event taking an older one's slot, so the events no one
 * here reads (their slice runs on another node) cost no more than the table; an event sealed to more
 * than {@value #MAX_SEALED_BYTES} bytes (a long tool result) is not kept. An event is taken once,
 * within {@value #MAX_AGE_SECONDS} s of its sealing, and only by exactly the bytes that were sealed
 * and what they were sealed for (the session, the key, the kind of event: the cipher's associated
 * data), so bytes changed or moved in the database are opened, and fail, as any other. Thread-safe.
 */
public final class FreshEvents {
  /**
   * The slots of a node's table: at a node's full chat throughput (about 1,300 events a second), an
   * event folded within the projection's second of lag is still here more than eight times in ten.
   */
  public static final int NODE_SLOTS = 8_192;
  static final int MAX_SEALED_BYTES = 4_096;
  static final long MAX_AGE_SECONDS = 10;
  private static final FreshEvents NONE = new FreshEvents(0, System::nanoTime);
  /** Where the nonce starts in sealed bytes ({@link io.parley.core.erasure.Sealing#seal}): at the start. */
  private static final int NONCE_BYTES_READ = 8;

  private record Fresh(byte[] sealed, byte[] sealedFor, Object plain, long keptAtNanos) {}

  private final AtomicReferenceArray<Fresh> slots;
  private final int mask;
  private final LongSupplier nanoTime;

  private FreshEvents(int slots, LongSupplier nanoTime) {
    this.slots = new AtomicReferenceArray<>(slots);
    this.mask = slots - 1;
    this.nanoTime = nanoTime;
  }

  /** A table of {@code slots} events, a power of two. */
  public static FreshEvents of(int slots) {
    return of(slots, System::nanoTime);
  }

  static FreshEvents of(int slots, LongSupplier nanoTime) {
    if (slots <= 0 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("the slots of fresh events are a power of two, not " + slots);
    }
    return new FreshEvents(slots, nanoTime);
  }

  /** Keeps nothing: a node that runs no projection has no reader for them. */
  public static FreshEvents none() {
    return NONE;
  }

  /** Keeps {@code plain}, just sealed as {@code sealed} for {@code sealedFor}, for the reader that folds it. */
  public void keep(byte[] sealed, byte[] sealedFor, Object plain) {
    if (mask < 0 || sealed.length < NONCE_BYTES_READ || sealed.length > MAX_SEALED_BYTES) return;
    slots.set(slot(sealed), new Fresh(sealed, sealedFor, plain, nanoTime.getAsLong()));
  }

  /** What was sealed as exactly {@code sealed} for {@code sealedFor}, if it is still here; it is then here no more. */
  public Optional<Object> take(byte[] sealed, byte[] sealedFor) {
    if (mask < 0 || sealed.length < NONCE_BYTES_READ) return Optional.empty();
    int slot = slot(sealed);
    Fresh fresh = slots.get(slot);
    if (fresh == null || !Arrays.equals(fresh.sealed(), sealed) || !Arrays.equals(fresh.sealedFor(), sealedFor)
        || !slots.compareAndSet(slot, fresh, null)) {
      return Optional.empty();
    }
    boolean recent = nanoTime.getAsLong() - fresh.keptAtNanos() <= TimeUnit.SECONDS.toNanos(MAX_AGE_SECONDS);
    return recent ? Optional.of(fresh.plain()) : Optional.empty();
  }

  private int slot(byte[] sealed) {
    int hash = 0;
    for (int i = 0; i < NONCE_BYTES_READ; i++) hash = 31 * hash + sealed[i];
    return hash & mask;
  }
}
