package io.parley.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}): the first
 * {@code prefixLength} bits of {@code base}. IPv4 blocks hold IPv4 addresses only and IPv6 blocks
 * IPv6 ones; an IPv6 address holding an IPv4 one is judged by {@link OutboundAddressPolicy}.
 */
public record AddressBlock(InetAddress base, int prefixLength) {
  public AddressBlock {
    Objects.requireNonNull(base, "base");
    int bits = base.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("the prefix length of " + AddressText.of(base) + " must be from 0 to " + bits
          + ", got " + prefixLength);
    }
  }

  /**
   * {@code 10.0.0.0/8}, {@code ::1/128}; an address without a prefix is the block of that address alone.
   *
   * @throws IllegalArgumentException for anything else (a host name is never looked up)
   */
  public static AddressBlock parse(String cidr) {
    String text = cidr.strip();
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    InetAddress base;
    try {
      base = address.contains(":") ? ipv6(address) : Inet4Address.ofLiteral(address);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8");
    }
    if (slash < 0) return new AddressBlock(base, base.getAddress().length * 8);
    try {
      return new AddressBlock(base, Integer.parseInt(text.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8");
    }
  }

  /** An IPv6 literal as an IPv6 address, the IPv4-mapped ones too (which Java reads as IPv4 addresses). */
  static Inet6Address ipv6(String literal) {
    InetAddress read = Inet6Address.ofLiteral(literal);
    if (read instanceof Inet6Address ipv6) return ipv6;
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(read.getAddress(), 0, mapped, 12, 4);
    try {
      return Inet6Address.getByAddress(null, mapped, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("sixteen bytes are an IPv6 address", e);
    }
  }

  /** Whether {@code address} is of this block's family and starts with its prefix. */
  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  boolean contains(byte[] address) {
    byte[] prefix = base.getAddress();
    if (address.length != prefix.length) return false;
    int whole = prefixLength / 8;
    if (!Arrays.equals(address, 0, whole, prefix, 0, whole)) return false;
    int rest = prefixLength % 8;
    if (rest == 0) return true;
    int mask = 0xFF << (8 - rest) & 0xFF;
    return (address[whole] & mask) == (prefix[whole] & mask);
  }

  boolean isIpv4() {
    return base instanceof Inet4Address;
  }

  @Override
  public String toString() {
    return AddressText.of(base) + "/" + prefixLength;
  }
}
