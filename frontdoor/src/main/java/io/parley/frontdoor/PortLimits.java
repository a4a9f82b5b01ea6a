package io.parley.frontdoor;

import java.time.Duration;

/**
 * What the port grants a client before and while it serves it.
 *
 * @param headTimeout how long a connection may take to send its first request's head
 * @param unfinishedHeadsPerAddress connections of one client address whose first head is not read
 *     yet; a newer one makes the oldest of them close
 * @param unfinishedHeads the same for the whole port, whatever the address
 * @param writeTimeout how long a client may leave the bytes written to it untaken before its
 *     connection is reset
 * @param connectionsPerAddress HTTP connections (not sockets) of one client address; a newer one
 *     makes the oldest idle one of them close, or is refused when none is idle (0: no bound)
 * @param idleCloseAbove the share of Pekko HTTP's {@code max-connections} past which each new
 *     connection makes the port's oldest idle one close (1: never)
 */
public record PortLimits(Duration headTimeout, int unfinishedHeadsPerAddress, int unfinishedHeads, Duration writeTimeout,
    int connectionsPerAddress, double idleCloseAbove) {
  public PortLimits {
    if (headTimeout.isNegative() || headTimeout.isZero() || writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive, were " + headTimeout + " and " + writeTimeout);
    }
    if (unfinishedHeadsPerAddress < 1 || unfinishedHeads < 1) {
      throw new IllegalArgumentException("limits must be positive, were " + unfinishedHeadsPerAddress + " and " + unfinishedHeads);
    }
    if (connectionsPerAddress < 0) {
      throw new IllegalArgumentException("connections per address must be 0 (no bound) or more, was " + connectionsPerAddress);
    }
    if (!(idleCloseAbove > 0 && idleCloseAbove <= 1)) {
      throw new IllegalArgumentException("the share must be above 0 and at most 1, was " + idleCloseAbove);
    }
  }

  /** The connections past which the oldest idle one makes way, of a port taking {@code maxConnections}. */
  int crowded(int maxConnections) {
    return Math.max(1, (int) (idleCloseAbove * maxConnections));
  }
}
