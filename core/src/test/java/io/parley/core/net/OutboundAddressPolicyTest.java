package io.parley.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The policy against IANA's special-purpose address registries, written here entry by entry from
 * the registries (iana-ipv4-special-registry, iana-ipv6-special-registry): the first and the last
 * address of each block are refused unless the registry says the block is globally reachable.
 * Entries the registries mark "N/A" (Teredo, 6to4, the deprecated ones) are refused, 6to4 and the
 * IPv6 forms that carry an IPv4 address by that address (tested apart).
 */
class OutboundAddressPolicyTest {
  private static final OutboundAddressPolicy STRICT = OutboundAddressPolicy.parse("");

  /** A registry entry: its block, its name there, and whether the registry says it is globally reachable. */
  private record Entry(String block, String name, boolean globallyReachable) {}

  private static final List<Entry> IPV4_REGISTRY = List.of(
      new Entry("0.0.0.0/8", "\"This network\"", false),
      new Entry("0.0.0.0/32", "\"This host on this network\"", false),
      new Entry("10.0.0.0/8", "Private-Use", false),
      new Entry("100.64.0.0/10", "Shared Address Space", false),
      new Entry("127.0.0.0/8", "Loopback", false),
      new Entry("169.254.0.0/16", "Link Local", false),
      new Entry("172.16.0.0/12", "Private-Use", false),
      new Entry("192.0.0.0/24", "IETF Protocol Assignments", false),
      new Entry("192.0.0.0/29", "IPv4 Service Continuity Prefix", false),
      new Entry("192.0.0.8/32", "IPv4 dummy address", false),
      new Entry("192.0.0.9/32", "Port Control Protocol Anycast", true),
      new Entry("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", true),
      new Entry("192.0.0.170/32", "NAT64/DNS64 Discovery", false),
      new Entry("192.0.0.171/32", "NAT64/DNS64 Discovery", false),
      new Entry("192.0.2.0/24", "Documentation (TEST-NET-1)", false),
      new Entry("192.31.196.0/24", "AS112-v4", true),
      new Entry("192.52.193.0/24", "AMT", true),
      new Entry("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", false),
      new Entry("192.168.0.0/16", "Private-Use", false),
      new Entry("192.175.48.0/24", "Direct Delegation AS112 Service", true),
      new Entry("198.18.0.0/15", "Benchmarking", false),
      new Entry("198.51.100.0/24", "Documentation (TEST-NET-2)", false),
      new Entry("203.0.113.0/24", "Documentation (TEST-NET-3)", false),
      new Entry("240.0.0.0/4", "Reserved", false),
      new Entry("255.255.255.255/32", "Limited Broadcast", false));

  private static final List<Entry> IPV6_REGISTRY = List.of(
      new Entry("::1/128", "Loopback Address", false),
      new Entry("::/128", "Unspecified Address", false),
      new Entry("64:ff9b:1::/48", "IPv4-IPv6 Translat. (local use)", false),
      new Entry("100::/64", "Discard-Only Address Block", false),
      new Entry("100:0:0:1::/64", "Dummy IPv6 Prefix", false),
      new Entry("2001::/23", "IETF Protocol Assignments", false),
      new Entry("2001::/32", "TEREDO", false),
      new Entry("2001:1::1/128", "Port Control Protocol Anycast", true),
      new Entry("2001:1::2/128", "Traversal Using Relays around NAT Anycast", true),
      new Entry("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", true),
      new Entry("2001:2::/48", "Benchmarking", false),
      new Entry("2001:3::/32", "AMT", true),
      new Entry("2001:4:112::/48", "AS112-v6", true),
      new Entry("2001:10::/28", "Deprecated (previously ORCHID)", false),
      new Entry("2001:20::/28", "ORCHIDv2", true),
      new Entry("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", true),
      new Entry("2001:db8::/32", "Documentation", false),
      new Entry("2620:4f:8000::/48", "Direct Delegation AS112 Service", true),
      new Entry("3fff::/20", "Documentation", false),
      new Entry("5f00::/16", "Segment Routing (SRv6) SIDs", false),
      new Entry("fc00::/7", "Unique-Local", false),
      new Entry("fe80::/10", "Link-Local Unicast", false));

  /** Blocks outside the special-purpose registries that the policy refuses all the same. */
  private static final List<Entry> OTHERS_REFUSED = List.of(
      new Entry("224.0.0.0/4", "IPv4 multicast", false),
      new Entry("ff00::/8", "IPv6 multicast", false),
      new Entry("::/96", "IPv4-compatible IPv6 (deprecated)", false),
      new Entry("fec0::/10", "IPv6 site-local (deprecated)", false),
      new Entry("4000::/3", "IPv6 reserved by the IETF", false),
      new Entry("e000::/4", "IPv6 reserved by the IETF", false));

  @Test
  void theFirstAndLastAddressOfEveryRegistryBlockAreReachableExactlyWhenTheRegistrySaysSo() {
    for (List<Entry> registry : List.of(IPV4_REGISTRY, IPV6_REGISTRY, OTHERS_REFUSED)) {
      for (Entry entry : registry) {
        AddressBlock block = AddressBlock.parse(entry.block());
        for (InetAddress address : List.of(first(block), last(block))) {
          Optional<String> refusal = STRICT.refusal(address);
          assertEquals(entry.globallyReachable(), refusal.isEmpty(),
              entry.block() + " (" + entry.name() + "), " + address + ": " + refusal);
        }
      }
    }
  }

  @Test
  void globalUnicastAddressesAreReachable() {
    for (String address : List.of("8.8.8.8", "93.184.216.34", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1",
        "198.17.255.255", "198.20.0.1", "223.255.255.255", "2606:4700::1111", "2a00:1450:4001::200e", "2001:200::1")) {
      assertEquals(Optional.empty(), STRICT.refusal(literal(address)), address);
    }
  }

  @Test
  void anIpv6AddressCarryingAnIpv4OneIsJudgedByIt() {
    assertEquals(Optional.of("64:ff9b::7f00:1 is NAT64 (64:ff9b::/96) of 127.0.0.1, which is loopback (127.0.0.0/8)"),
        STRICT.refusal(literal("64:ff9b::7f00:1")));
    assertEquals(Optional.empty(), STRICT.refusal(literal("64:ff9b::808:808")), "NAT64 of 8.8.8.8, an IPv6-only network's way to it");
    assertTrue(STRICT.refusal(literal("64:ff9b::a9fe:a9fe")).orElseThrow().endsWith("which is link-local (169.254.0.0/16)"));
    assertTrue(STRICT.refusal(literal("2002:7f00:1::1")).orElseThrow()
        .startsWith("2002:7f00:1::1 is 6to4 (2002::/16) of 127.0.0.1, which is loopback"));
    assertTrue(STRICT.refusal(literal("2002:c612:1::1")).orElseThrow().endsWith("which is benchmarking (198.18.0.0/15)"),
        "6to4 of 198.18.0.1");
    assertEquals(Optional.empty(), STRICT.refusal(literal("2002:808:808::1")), "6to4 of 8.8.8.8");
    assertEquals(Optional.of("::ffff:7f00:1 is IPv4-mapped (::ffff:0:0/96) of 127.0.0.1, which is loopback (127.0.0.0/8)"),
        STRICT.refusal(AddressBlock.ipv6("::ffff:127.0.0.1")), "an IPv6 address made of the mapped form's bytes");
    assertEquals(Optional.of("127.0.0.1 is loopback (127.0.0.0/8)"), STRICT.refusal(literal("::ffff:127.0.0.1")),
        "as Java reads the mapped form: an IPv4 address");
    assertEquals(Optional.of("::7f00:1 is IPv4-compatible (deprecated) (::/96)"), STRICT.refusal(literal("::127.0.0.1")));
    assertEquals(Optional.of("2001::5efe:c000:201 is Teredo (2001::/32)"), STRICT.refusal(literal("2001::5efe:c000:201")));
  }

  @Test
  void aHostIsJudgedAsWrittenOrAsItResolves() {
    String allow = "; the operator allows networks with " + OutboundAddressPolicy.SETTING;
    assertEquals(Optional.of("10.1.2.3 is private-use (10.0.0.0/8)" + allow), STRICT.refusalOfHost("10.1.2.3"));
    assertEquals(Optional.of("::1 is loopback (::1/128)" + allow), STRICT.refusalOfHost("[::1]"));
    String localhost = STRICT.refusalOfHost("localhost").orElseThrow();
    assertTrue(localhost.startsWith("localhost resolves to ") && localhost.contains(", which is loopback ("), localhost);
    assertEquals(Optional.of("nowhere.invalid does not resolve to an address"), STRICT.refusalOfHost("nowhere.invalid"));
    assertEquals(Optional.empty(), STRICT.refusalOfHost("8.8.8.8"));
    assertEquals(Optional.empty(), OutboundAddressPolicy.parse("127.0.0.0/8,::1/128").refusalOfHost("localhost"));
  }

  @Test
  void aUrlsHostIsReadAsABrowserReadsItBeforeItIsJudged() {
    String allow = "; the operator allows networks with " + OutboundAddressPolicy.SETTING;
    assertEquals(Optional.of("0xa9fea9fe is the address 169.254.169.254, which is link-local (169.254.0.0/16)" + allow),
        STRICT.refusalOfUrl(URI.create("https://0xa9fea9fe/latest")));
    for (String loopback : List.of("http://2130706433/", "http://0x7f.1:8080/", "http://0177.0.0.1/", "http://127.1/",
        "http://%31%32%37.0.0.1/", "http://[::ffff:127.0.0.1]/", "http://user@127.0.0.1./")) {
      String why = STRICT.refusalOfUrl(URI.create(loopback)).orElseThrow();
      assertTrue(why.contains("loopback (127.0.0.0/8)"), loopback + ": " + why);
    }
    String trailingDot = STRICT.refusalOfUrl(URI.create("https://localhost./")).orElseThrow();
    assertTrue(trailingDot.startsWith("localhost. resolves to ") && trailingDot.contains("loopback"), trailingDot);
    assertEquals(Optional.of("'1.2.3.4.5' is neither a host name nor an IPv4 address"),
        STRICT.refusalOfUrl(URI.create("https://1.2.3.4.5/")));
    assertEquals(Optional.empty(), STRICT.refusalOfUrl(URI.create("https://8.8.8.8/")));
    assertEquals(Optional.empty(), OutboundAddressPolicy.parse("127.0.0.0/8").refusalOfUrl(URI.create("http://0x7f.1/")));
  }

  @Test
  void theOperatorsNetworksAreReachableAndNothingElseOfTheirKind() {
    OutboundAddressPolicy allowing = OutboundAddressPolicy.parse(" 127.0.0.0/8, ::1/128 ,10.20.0.0/16,fd00:1::/64");
    for (String address : List.of("127.0.0.1", "127.255.0.9", "::1", "10.20.3.4", "fd00:1::5")) {
      assertEquals(Optional.empty(), allowing.refusal(literal(address)), address);
    }
    for (String address : List.of("10.21.0.1", "192.168.1.1", "fd00:2::5", "169.254.169.254", "64:ff9b::7f00:1",
        "::127.0.0.1", "2002:7f00:1::1")) {
      assertTrue(allowing.refusal(literal(address)).isPresent(), address + ": loopback by another name is not allowed");
    }
    assertEquals(List.of("127.0.0.0/8", "::1/128", "10.20.0.0/16", "fd00:1::/64"),
        allowing.allowed().stream().map(AddressBlock::toString).toList());
  }

  @Test
  void aSettingThatIsNotCidrBlocksIsRefusedNamingTheBlock() {
    for (String bad : List.of("10.0.0.0/33", "intranet.example", "10.0.0.0/x", "::1/129")) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> OutboundAddressPolicy.parse("127.0.0.0/8," + bad));
      assertTrue(refused.getMessage().contains(bad.substring(0, bad.indexOf('/') < 0 ? bad.length() : bad.indexOf('/'))),
          refused.getMessage());
    }
    assertEquals(List.of(), OutboundAddressPolicy.parse(" ").allowed());
    assertEquals("192.0.2.7/32", AddressBlock.parse("192.0.2.7").toString(), "an address alone is a block of one");
  }

  private static InetAddress literal(String address) {
    return InetAddress.ofLiteral(address);
  }

  private static InetAddress first(AddressBlock block) {
    return bytes(block, false);
  }

  private static InetAddress last(AddressBlock block) {
    return bytes(block, true);
  }

  /** The block's first address, or its last (every bit past the prefix set), as the family of the block. */
  private static InetAddress bytes(AddressBlock block, boolean last) {
    byte[] base = block.base().getAddress();
    int bits = base.length * 8;
    BigInteger value = new BigInteger(1, base);
    if (last) value = value.or(BigInteger.ONE.shiftLeft(bits - block.prefixLength()).subtract(BigInteger.ONE));
    byte[] raw = value.toByteArray();
    byte[] address = new byte[base.length];
    int copied = Math.min(raw.length, address.length);
    System.arraycopy(raw, raw.length - copied, address, address.length - copied, copied);
    try {
      return base.length == 4 ? InetAddress.getByAddress(address)
          : java.net.Inet6Address.getByAddress(null, Arrays.copyOf(address, 16), -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
