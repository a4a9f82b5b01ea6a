package io.parley.frontdoor;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The port's HTTP connections, from their accept until they close or become a socket, oldest
 * first: the bounds Pekko HTTP's {@code max-connections} does not give, so that clients holding
 * idle keep-alive connections cannot take the port's every place.
 *
 * <ul>
 *   <li>At most {@code perAddress} from one client address (0: no bound). A newer one makes that
 *       address's oldest idle connection close; when none of them is idle, the newer one is
 *       refused instead, and the requests under way are left to finish.
 *   <li>Past {@code crowded} on the port, each new connection makes the port's oldest idle one
 *       close, whatever its address: when the port fills, idle clients make way for new ones long
 *       before their idle timeout.
 * </ul>
 *
 * Idle means no request under way, a connection whose first head has not arrived included.
 * Closing is graceful: an answer being written is finished first, and a connection whose first
 * head has not arrived is answered that it may retry (see {@code HttpPort}), never left unanswered. The work is done at accept and
 * at close; a request only counts itself on its connection. Thread-safe.
 */
final class HttpConnections {
  /**
   * One connection; counted in by {@link #admit}, out by {@link #over}. A socket's stage keeps it
   * for the socket's life: a few fields, the count in one of them, and nothing once it is over.
   */
  final class Connection {
    private static final AtomicIntegerFieldUpdater<Connection> UNDER_WAY =
        AtomicIntegerFieldUpdater.newUpdater(Connection.class, "underWay");
    private final InetAddress address;
    private volatile int underWay;
    private Runnable close;

    private Connection(InetAddress address) {
      this.address = address;
    }

    void requestStarted() {
      UNDER_WAY.incrementAndGet(this);
    }

    void requestAnswered() {
      UNDER_WAY.decrementAndGet(this);
    }

    private boolean idle() {
      return underWay == 0;
    }

    /** The connection closed, or is a socket now: it no longer counts. */
    void over() {
      synchronized (HttpConnections.this) {
        forget(this);
        close = null;
      }
    }
  }

  private final int perAddress;
  private final int crowded;
  private final Set<Connection> oldestFirst = new LinkedHashSet<>();
  private final Map<InetAddress, Set<Connection>> byAddress = new HashMap<>();

  HttpConnections(int perAddress, int crowded) {
    this.perAddress = perAddress;
    this.crowded = crowded;
  }

  /** A new connection from {@code address}, not counted until {@link #admit}ted. */
  Connection connection(InetAddress address) {
    return new Connection(address);
  }

  /**
   * Counts {@code connection} in, or refuses it; {@code close} closes it gracefully when it must
   * make way for a newer one, or at once when it is refused.
   */
  void admit(Connection connection, Runnable close) {
    List<Runnable> closing = new ArrayList<>(2);
    synchronized (this) {
      connection.close = close;
      Set<Connection> fromAddress = byAddress.computeIfAbsent(connection.address, any -> new LinkedHashSet<>());
      boolean refused = false;
      if (perAddress > 0 && fromAddress.size() >= perAddress) {
        Optional<Connection> idle = oldestIdle(fromAddress);
        refused = idle.isEmpty();
        idle.ifPresent(oldest -> displace(oldest, closing));
      }
      if (refused) {
        closing.add(close);
      } else {
        // Checked before the new one is in: it is never the one to make way for itself.
        if (oldestFirst.size() >= crowded) oldestIdle(oldestFirst).ifPresent(oldest -> displace(oldest, closing));
        fromAddress.add(connection);
        oldestFirst.add(connection);
      }
    }
    // Closed outside the lock: closing asks the connection's stage, on its own thread.
    closing.forEach(Runnable::run);
  }

  private void displace(Connection connection, List<Runnable> closing) {
    forget(connection);
    closing.add(connection.close);
  }

  private static Optional<Connection> oldestIdle(Set<Connection> connections) {
    for (Connection connection : connections) {
      if (connection.idle()) return Optional.of(connection);
    }
    return Optional.empty();
  }

  private void forget(Connection connection) {
    oldestFirst.remove(connection);
    Set<Connection> fromAddress = byAddress.get(connection.address);
    if (fromAddress != null && fromAddress.remove(connection) && fromAddress.isEmpty()) {
      byAddress.remove(connection.address);
    }
  }
}
