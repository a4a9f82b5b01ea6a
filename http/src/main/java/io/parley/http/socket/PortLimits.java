package io.parley.http.socket;

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
 */
public record PortLimits(Duration headTimeout, int unfinishedHeadsPerAddress, int unfinishedHeads, Duration writeTimeout) {
  public PortLimits {
    if (headTimeout.isNegative() || headTimeout.isZero() || writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive, were " + headTimeout + " and " + writeTimeout);
    }
    if (unfinishedHeadsPerAddress < 1 || unfinishedHeads < 1) {
      throw new IllegalArgumentException("limits must be positive, were " + unfinishedHeadsPerAddress + " and " + unfinishedHeads);
    }
  }
}
