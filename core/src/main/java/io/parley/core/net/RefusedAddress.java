package io.parley.core.net;

import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A connection the {@link OutboundAddressPolicy} refused, before anything was sent. A connect
 * failure, so that a client tries the host's next address; a failure for good to whoever asked, as
 * trying again would reach the same address.
 */
public final class RefusedAddress extends ConnectException {
  private final String refusal;

  public RefusedAddress(String refusal) {
    super(refusal + "; the operator allows networks with " + OutboundAddressPolicy.SETTING);
    this.refusal = refusal;
  }

  /**
   * The address and why it is refused ("127.0.0.1 is loopback (127.0.0.0/8)"), without the
   * operator's setting that the message names: for whoever reads it without running the node (the
   * model, a tenant's staff).
   */
  public String refusal() {
    return refusal;
  }

  /** The refusal in {@code failure}'s causes or the failures kept with them (a client tries every address), if any. */
  public static Optional<RefusedAddress> in(Throwable failure) {
    Deque<Throwable> pending = new ArrayDeque<>();
    pending.add(failure);
    for (int seen = 0; !pending.isEmpty() && seen < 64; seen++) {
      Throwable next = pending.poll();
      if (next instanceof RefusedAddress refused) return Optional.of(refused);
      if (next.getCause() != null) pending.add(next.getCause());
      pending.addAll(java.util.List.of(next.getSuppressed()));
    }
    return Optional.empty();
  }
}
