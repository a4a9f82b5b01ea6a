package io.parley.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * The node's HTTP client's name lookup, through {@link UrlHost}: a host a browser reads as an
 * address ({@code 0x7f.1}, {@code 2130706433}) is that address, not a name handed to the
 * system's resolver to read its own way; a name is resolved as usual. Either way the address is
 * checked by {@link CheckedSockets} as it is connected to.
 */
final class HostLookup implements Dns {
  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    UrlHost host;
    try {
      host = UrlHost.ofHostname(hostname);
    } catch (IllegalArgumentException e) {
      throw new UnknownHostException(e.getMessage());
    }
    return switch (host) {
      case UrlHost.Address address -> List.of(address.address());
      case UrlHost.Name name -> Dns.SYSTEM.lookup(name.withoutTrailingDot());
    };
  }
}
