package io.parley.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hosts as the WHATWG URL standard (and so every browser) reads them; the expected values are the standard's own examples and browsers' answers. */
class UrlHostTest {
  @Test
  void everySpellingOfAnIpv4AddressIsThatAddress() throws Exception {
    // Each line: a spelling, then the address it is.
    String spellings = """
        127.0.0.1 127.0.0.1
        2130706433 127.0.0.1
        0x7f000001 127.0.0.1
        0X7F000001 127.0.0.1
        0xa9fea9fe 169.254.169.254
        0x7f.1 127.0.0.1
        127.1 127.0.0.1
        127.0.1 127.0.0.1
        0177.0.0.1 127.0.0.1
        017700000001 127.0.0.1
        0x7f.0.0.0x1 127.0.0.1
        0.0.0.0 0.0.0.0
        0x 0.0.0.0
        1.2.3.0x 1.2.3.0
        127.0.0.1. 127.0.0.1
        %31%32%37.0.0.1 127.0.0.1
        １２７。０。０。１ 127.0.0.1
        10.0.0.0x1 10.0.0.1
        192.168.257 192.168.1.1
        3232235777 192.168.1.1
        """;
    for (String line : spellings.strip().split("\n")) {
      String[] spelling = line.split(" ");
      assertEquals(new UrlHost.Address(InetAddress.ofLiteral(spelling[1])), UrlHost.parse(spelling[0]), spelling[0]);
    }
  }

  @Test
  void ipv6AddressesAreReadInBracketsInEveryForm() {
    Map<String, String> spellings = Map.of(
        "[::1]", "::1",
        "[0:0:0:0:0:0:0:1]", "::1",
        "[::ffff:127.0.0.1]", "::ffff:7f00:1",
        "[::FFFF:7F00:1]", "::ffff:7f00:1",
        "[fd00::1]", "fd00::1",
        "[2001:db8::]", "2001:db8::");
    spellings.forEach((spelling, address) -> {
      UrlHost.Address read = (UrlHost.Address) UrlHost.parse(spelling);
      assertEquals(address, AddressText.of(read.address()), spelling);
    });
    assertEquals(UrlHost.parse("[::1]"), UrlHost.ofHostname("::1"), "without brackets, as HTTP clients pass it");
    for (String broken : List.of("[::1", "[fe80::1%25eth0]", "[1:2:3:4:5:6:7:8:9]", "[::1]x")) {
      assertThrows(IllegalArgumentException.class, () -> UrlHost.parse(broken), broken);
    }
  }

  @Test
  void namesArePercentDecodedMappedToAsciiAndLowerCased() {
    assertEquals(new UrlHost.Name("example.com"), UrlHost.parse("example.com"), "an ordinary host is unchanged");
    assertEquals(new UrlHost.Name("api.example.com"), UrlHost.parse("API.Example.COM"));
    assertEquals(new UrlHost.Name("localhost."), UrlHost.parse("localhost."));
    assertEquals("localhost", ((UrlHost.Name) UrlHost.parse("LocalHost.")).withoutTrailingDot());
    assertEquals(List.of("cdn", "example", "com"), ((UrlHost.Name) UrlHost.parse("cdn.example.com.")).labels());
    assertEquals(new UrlHost.Name("xn--bcher-kva.example"), UrlHost.parse("Bücher.example"));
    assertEquals(new UrlHost.Name("xn--bcher-kva.example"), UrlHost.parse("b%C3%BCcher.example"));
    assertEquals(new UrlHost.Name("example.com"), UrlHost.parse("ｅｘａｍｐｌｅ．ｃｏｍ"), "full-width letters and dot");
    assertEquals(new UrlHost.Name("10.0.0.1.nip.io"), UrlHost.parse("10.0.0.1.nip.io"), "a name, whatever it resolves to");
    assertEquals(new UrlHost.Name("0x7f.example"), UrlHost.parse("0x7f.example"), "a number is read only in the last label");
    assertEquals(new UrlHost.Name("1a.example"), UrlHost.parse("1a.example"));
    assertEquals(new UrlHost.Name("my-host_1"), UrlHost.parse("my-host_1"));
  }

  @Test
  void aHostNoBrowserTakesIsRefused() {
    for (String broken : List.of("", "1.2.3.4.5", "256.0.0.1", "1.2.3.256.", "0x100000000", "4294967296", "1.2.3.09",
        "exa mple.com", "exa%20mple.com", "a%2Fb.com", "a%00b", "a<b")) {
      assertThrows(IllegalArgumentException.class, () -> UrlHost.parse(broken), broken);
    }
  }

  @Test
  void aUrlsHostIsReadBetweenItsUserAndItsPort() {
    assertEquals(UrlHost.parse("127.0.0.1"), UrlHost.of(URI.create("https://user:pw@0x7f.1:8443/x?y#z")));
    assertEquals(UrlHost.parse("[::1]"), UrlHost.of(URI.create("http://[::1]:9/")));
    assertEquals(new UrlHost.Name("localhost."), UrlHost.of(URI.create("https://localhost./")));
    assertEquals("%31%32%37.0.0.1", UrlHost.rawHost(URI.create("https://%31%32%37.0.0.1:80/")));
    assertThrows(IllegalArgumentException.class, () -> UrlHost.of(URI.create("mailto:ada@example.com")));
  }
}
