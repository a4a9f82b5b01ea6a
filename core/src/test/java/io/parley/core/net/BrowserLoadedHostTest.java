package io.parley.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrowserLoadedHostTest {
  @Test
  void anAddressInAnySpellingALocalNameOrANameSpellingAPrivateAddressIsRefused() {
    for (String refused : List.of("https://0xa9fea9fe/a.png", "https://2130706433/a.png", "https://0x7f.1/a.png",
        "https://%31%32%37.0.0.1/a.png", "https://8.8.8.8/a.png", "https://[2606:4700::1111]/a.png",
        "https://localhost./a.png", "https://LOCALHOST/a.png", "https://a.localhost/a.png", "https://printer.local./a.png",
        "https://metadata.google.internal/a.png", "https://nas.home.arpa/a.png", "https://intranet/a.png",
        "https://10.0.0.1.nip.io/a.png", "https://app.192.168.1.20.nip.io/a.png", "https://10-0-0-1.sslip.io/a.png",
        "https://www-127-0-0-1.sslip.io/a.png", "https://c0a80101.nip.io/a.png", "https://a9fea9fe.nip.io/a.png",
        "https://fd00--1.sslip.io/a.png", "https://--1.sslip.io/a.png", "https://169.254.169.254.xip.io./a.png")) {
      Optional<String> why = BrowserLoadedHost.refusal(URI.create(refused));
      assertTrue(why.isPresent(), refused);
    }
    assertEquals(Optional.of("10.0.0.1.nip.io spells an address that is not public: 10.0.0.1 is private-use (10.0.0.0/8)"),
        BrowserLoadedHost.refusal(URI.create("https://10.0.0.1.nip.io/a.png")));
    assertEquals(Optional.of("0xa9fea9fe is the address 169.254.169.254, not a host's name"),
        BrowserLoadedHost.refusal(URI.create("https://0xa9fea9fe/")));
  }

  @Test
  void aPublicHostByItsNameIsTaken() {
    for (String taken : List.of("https://cdn.example.com/sam.png", "https://CDN.Example.com./sam.png",
        "https://images-1-2.example.org/a.png", "https://bücher.example/a.png", "https://8.8.8.8.nip.io/a.png",
        "https://deadbeef.example.net/a.png", "https://v2-cdn.example.com:8443/a.png")) {
      assertEquals(Optional.empty(), BrowserLoadedHost.refusal(URI.create(taken)), taken);
    }
  }
}
