package io.parley.frontdoor;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connections whose first request's head has not been read yet, at most {@code perAddress}
 * from one client address and {@code inAll} on the port. A connection past either is let in and
 * the oldest unfinished one (of that address, or of all) makes way instead (answered {@code 503}
 * with {@code Retry-After}, then closed; see {@code HttpPort}): a client that sends
 * its head at once (any real one) is through before its turn to be closed could come, while one
 * that holds heads open only ever displaces its own, or the oldest, and each head has a short
 * deadline anyway. So a host opening a thousand slow heads cannot keep the port from answering
 * the next health check, even one from the same host. Thread-safe.
 */
final class UnfinishedHeads {
  /** One connection's place; {@link #read()} (once its head is read, or it ended) frees it. */
  final class Head {
    private final InetAddress address;
    private final Runnable close;

    private Head(InetAddress address, Runnable close) {
      this.address = address;
      this.close = close;
    }

    void read() {
      synchronized (UnfinishedHeads.this) {
        forget(this);
      }
    }
  }

  private final int perAddress;
  private final int inAll;
  private final Set<Head> oldestFirst = new LinkedHashSet<>();
  private final Map<InetAddress, Set<Head>> byAddress = new HashMap<>();

  UnfinishedHeads(int perAddress, int inAll) {
    this.perAddress = perAddress;
    this.inAll = inAll;
  }

  /** Counts a new connection from {@code address} in; {@code close} closes it if it must make way. */
  Head admit(InetAddress address, Runnable close) {
    Head head = new Head(address, close);
    List<Head> displaced = new ArrayList<>();
    synchronized (this) {
      Set<Head> fromAddress = byAddress.computeIfAbsent(address, any -> new LinkedHashSet<>());
      fromAddress.add(head);
      oldestFirst.add(head);
      if (fromAddress.size() > perAddress) displaced.add(oldest(fromAddress));
      if (oldestFirst.size() > inAll) displaced.add(oldest(oldestFirst));
    }
    // Closed outside the lock: closing asks the connection's stage, on its own thread.
    displaced.forEach(old -> old.close.run());
    return head;
  }

  private Head oldest(Set<Head> heads) {
    Iterator<Head> first = heads.iterator();
    Head oldest = first.next();
    forget(oldest);
    return oldest;
  }

  private void forget(Head head) {
    oldestFirst.remove(head);
    Set<Head> fromAddress = byAddress.get(head.address);
    if (fromAddress != null && fromAddress.remove(head) && fromAddress.isEmpty()) byAddress.remove(head.address);
  }
}
