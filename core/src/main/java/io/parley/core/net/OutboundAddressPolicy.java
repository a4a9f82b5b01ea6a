package io.parley.core.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The addresses the node may connect to for a URL someone configured (a tenant's webhook, a remote
 * tool, a tenant's OpenID Connect provider and JWKS): the globally reachable ones of IANA's IPv4 and
 * IPv6 special-purpose address registries, unless the operator allows a network
 * ({@value #SETTING}). Refused: loopback, private-use, unique-local, link-local (cloud metadata
 * services answer at 169.254.169.254), shared (carrier-grade NAT), benchmarking, documentation,
 * multicast, reserved, and "this network"; IPv6 outside global unicast (2000::/3); Teredo and the
 * IPv4-compatible form. An IPv6 address that carries an IPv4 one to which the packets go (IPv4-mapped,
 * NAT64's well-known prefix, 6to4) is judged by the IPv4 address it carries. A node connecting to
 * one of the refused addresses would let whoever wrote the URL probe the operator's own network.
 *
 * <p>The most specific block that holds an address decides, as the registries nest (192.0.0.9, an
 * anycast address, is globally reachable inside 192.0.0.0/24, which is not).
 */
public final class OutboundAddressPolicy {
  /** The environment variable of the operator's allowed networks, for messages. */
  public static final String SETTING = "PARLEY_OUTBOUND_ALLOWED_NETWORKS";

  private enum Reach { GLOBAL, NOT_GLOBAL, CARRIED_IPV4 }

  /** A registry entry; {@code carriedAt}: where the IPv4 address a {@code CARRIED_IPV4} block carries starts. */
  private record Special(AddressBlock block, String name, Reach reach, int carriedAt) {}

  private static final List<Special> SPECIAL = List.of(
      global("0.0.0.0/0", "public IPv4"),
      refused("0.0.0.0/8", "\"this network\""),
      refused("10.0.0.0/8", "private-use"),
      refused("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
      refused("127.0.0.0/8", "loopback"),
      refused("169.254.0.0/16", "link-local"),
      refused("172.16.0.0/12", "private-use"),
      refused("192.0.0.0/24", "IETF protocol assignments"),
      global("192.0.0.9/32", "Port Control Protocol anycast"),
      global("192.0.0.10/32", "TURN anycast"),
      refused("192.0.2.0/24", "documentation"),
      refused("192.88.99.0/24", "6to4 relay anycast (deprecated)"),
      refused("192.168.0.0/16", "private-use"),
      refused("198.18.0.0/15", "benchmarking"),
      refused("198.51.100.0/24", "documentation"),
      refused("203.0.113.0/24", "documentation"),
      refused("224.0.0.0/4", "multicast"),
      refused("240.0.0.0/4", "reserved"),
      refused("::/0", "reserved (outside global unicast, 2000::/3)"),
      refused("::/96", "IPv4-compatible (deprecated)"),
      refused("::/128", "unspecified"),
      refused("::1/128", "loopback"),
      carrying("::ffff:0:0/96", "IPv4-mapped", 12),
      carrying("64:ff9b::/96", "NAT64", 12),
      refused("64:ff9b:1::/48", "local-use NAT64"),
      refused("100::/64", "discard-only"),
      global("2000::/3", "global unicast"),
      refused("2001::/23", "IETF protocol assignments"),
      refused("2001::/32", "Teredo"),
      global("2001:1::1/128", "Port Control Protocol anycast"),
      global("2001:1::2/128", "TURN anycast"),
      global("2001:1::3/128", "DNS-SD service registration anycast"),
      refused("2001:2::/48", "benchmarking"),
      global("2001:3::/32", "AMT"),
      global("2001:4:112::/48", "AS112-v6"),
      refused("2001:10::/28", "ORCHID (deprecated)"),
      global("2001:20::/28", "ORCHIDv2"),
      global("2001:30::/28", "drone remote ID entity tags"),
      refused("2001:db8::/32", "documentation"),
      carrying("2002::/16", "6to4", 2),
      refused("3fff::/20", "documentation"),
      refused("5f00::/16", "segment routing (SRv6) SIDs"),
      refused("fc00::/7", "unique-local"),
      refused("fe80::/10", "link-local"),
      refused("fec0::/10", "site-local (deprecated)"),
      refused("ff00::/8", "multicast"));

  private final List<AddressBlock> allowed;

  private OutboundAddressPolicy(Collection<AddressBlock> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** The registries' rule alone: the globally reachable addresses, for a URL no node connects to. */
  public static OutboundAddressPolicy globalOnly() {
    return new OutboundAddressPolicy(List.of());
  }

  /** The policy with the operator's {@code allowed} networks, reachable whatever the registries say. */
  public static OutboundAddressPolicy allowing(Collection<AddressBlock> allowed) {
    return new OutboundAddressPolicy(allowed);
  }

  /**
   * From the setting's form: CIDR blocks separated by commas ({@code 10.20.0.0/16,fd00:1::/64}); blank allows none.
   *
   * @throws IllegalArgumentException naming the first block that is not one
   */
  public static OutboundAddressPolicy parse(String commaSeparated) {
    return allowing(Arrays.stream(commaSeparated.split(",")).filter(block -> !block.isBlank())
        .map(AddressBlock::parse).toList());
  }

  public List<AddressBlock> allowed() {
    return allowed;
  }

  /** Why the node must not connect to {@code address}; empty when it may. */
  public Optional<String> refusal(InetAddress address) {
    return why(address).map(why -> AddressText.of(address) + " is " + why);
  }

  private Optional<String> why(InetAddress address) {
    if (allowed.stream().anyMatch(block -> block.contains(address))) return Optional.empty();
    return notGlobal(address.getAddress());
  }

  /**
   * Why the node must not call {@code host} (a URL's host, an IPv6 literal in brackets or not), read
   * as a browser reads it ({@link UrlHost}): an address this policy refuses in whichever form it is
   * written ({@code 0x7f.1} is 127.0.0.1), a name that resolves to one now, a name that does not
   * resolve, or a host no browser would take. For a URL checked when it is saved; each address is
   * checked again as it is connected to. Blocks while the name is resolved.
   */
  public Optional<String> refusalOfHost(String host) {
    try {
      return refusalOf(UrlHost.ofHostname(host), host);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** {@link #refusalOfHost} of {@code url}'s host, which Java's {@link URI#getHost} does not give for every spelling. */
  public Optional<String> refusalOfUrl(URI url) {
    return refusalOfHost(UrlHost.rawHost(url));
  }

  private Optional<String> refusalOf(UrlHost host, String shown) {
    String allow = "; the operator allows networks with " + SETTING;
    if (host instanceof UrlHost.Address(InetAddress address)) {
      String text = AddressText.of(address);
      String bare = shown.startsWith("[") && shown.endsWith("]") ? shown.substring(1, shown.length() - 1) : shown;
      return why(address).map(why -> (text.equals(bare) ? text + " is " : shown + " is the address " + text + ", which is ")
          + why + allow);
    }
    String name = ((UrlHost.Name) host).withoutTrailingDot();
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(name);
    } catch (java.net.UnknownHostException e) {
      return Optional.of(shown + " does not resolve to an address");
    }
    for (InetAddress address : addresses) {
      Optional<String> why = why(address);
      if (why.isPresent()) return Optional.of(shown + " resolves to " + AddressText.of(address) + ", which is " + why.get() + allow);
    }
    return Optional.empty();
  }

  private static Optional<String> notGlobal(byte[] address) {
    Special special = SPECIAL.stream().filter(entry -> entry.block().contains(address))
        .max(Comparator.comparingInt(entry -> entry.block().prefixLength())).orElseThrow();
    String named = special.name() + " (" + special.block() + ")";
    return switch (special.reach()) {
      case GLOBAL -> Optional.empty();
      case NOT_GLOBAL -> Optional.of(named);
      case CARRIED_IPV4 -> {
        byte[] carried = Arrays.copyOfRange(address, special.carriedAt(), special.carriedAt() + 4);
        yield notGlobal(carried).map(why -> named + " of " + AddressText.of(ipv4(carried)) + ", which is " + why);
      }
    };
  }

  private static InetAddress ipv4(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }

  private static Special global(String block, String name) {
    return new Special(AddressBlock.parse(block), name, Reach.GLOBAL, 0);
  }

  private static Special refused(String block, String name) {
    return new Special(AddressBlock.parse(block), name, Reach.NOT_GLOBAL, 0);
  }

  private static Special carrying(String block, String name, int carriedAt) {
    return new Special(AddressBlock.parse(block), name, Reach.CARRIED_IPV4, carriedAt);
  }
}
