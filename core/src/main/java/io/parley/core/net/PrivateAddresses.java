package io.parley.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Addresses a URL that a tenant chose must not reach from inside the node: loopback, private
 * (RFC 1918, IPv6 unique local fc00::/7), link-local (cloud metadata services live at
 * 169.254.169.254), carrier-grade NAT (100.64.0.0/10), unspecified and multicast. A node sending
 * a tenant's webhook to one of these would let the tenant's admins probe the operator's network.
 */
public final class PrivateAddresses {
  private PrivateAddresses() {}

  /** Whether {@code address} is one a tenant's URL must not reach. */
  public static boolean isPrivate(InetAddress address) {
    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) return (bytes[0] & 0xFE) == 0xFC;
    return (bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64;
  }

  /** The first of a host's {@code resolved} addresses that is private, if any. */
  public static Optional<InetAddress> firstPrivate(List<InetAddress> resolved) {
    return resolved.stream().filter(PrivateAddresses::isPrivate).findFirst();
  }
}
