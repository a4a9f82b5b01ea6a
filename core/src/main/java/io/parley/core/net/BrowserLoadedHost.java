package io.parley.core.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule for the host of a URL that no node fetches and customers' browsers load (an agent's
 * picture): it must name a public host by its name, so that it cannot make a customer's browser
 * reach the customer's own network. The host is read as the browser reads it ({@link UrlHost}),
 * and refused when it is an address in any spelling, a name of one label (the reader's resolver
 * completes it with its own search domain), a name reserved for local networks, or a name whose
 * labels carry a non-global address the way wildcard DNS services read them ({@code 10.0.0.1.nip.io},
 * {@code 10-0-0-1.sslip.io}, {@code 0a000001.nip.io}, {@code fd00--1.sslip.io}).
 *
 * <p>The name is not resolved: the node is not the reader, and what its resolver answers now says
 * nothing of what the customer's resolver answers later (docs/security.md, "URLs only browsers load").
 */
public final class BrowserLoadedHost {
  private static final Set<String> LOCAL_ONLY = Set.of("localhost", "local", "internal", "home.arpa", "arpa", "lan",
      "intranet", "corp", "private");
  private static final Pattern QUAD = Pattern.compile("(?<![0-9])(\\d{1,3})[.-](\\d{1,3})[.-](\\d{1,3})[.-](\\d{1,3})(?![0-9])");
  private static final Pattern HEX = Pattern.compile("(?<![0-9a-f])[0-9a-f]{8}(?![0-9a-f])");
  private static final OutboundAddressPolicy GLOBAL_ONLY = OutboundAddressPolicy.globalOnly();

  private BrowserLoadedHost() {}

  /** Why {@code url}'s host is unfit for a URL browsers load; empty when it names a public host by its name. */
  public static Optional<String> refusal(URI url) {
    UrlHost host;
    try {
      host = UrlHost.of(url);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    if (host instanceof UrlHost.Address(InetAddress address)) {
      return Optional.of(UrlHost.rawHost(url) + " is the address " + AddressText.of(address) + ", not a host's name");
    }
    UrlHost.Name name = (UrlHost.Name) host;
    String bare = name.withoutTrailingDot();
    List<String> labels = name.labels();
    if (labels.size() < 2) return Optional.of(bare + " is a name of one label, which each reader's network completes its own way");
    for (int i = labels.size() - 1; i >= 0; i--) {
      String suffix = String.join(".", labels.subList(i, labels.size()));
      if (LOCAL_ONLY.contains(suffix)) return Optional.of(bare + " is a name of a local network (." + suffix + ")");
    }
    for (InetAddress carried : carried(bare, labels)) {
      Optional<String> why = GLOBAL_ONLY.refusal(carried);
      if (why.isPresent()) return Optional.of(bare + " spells an address that is not public: " + why.get());
    }
    return Optional.empty();
  }

  /** The addresses {@code name}'s labels spell: four numbers apart by dots or dashes, eight hex digits, IPv6 with dashes. */
  private static List<InetAddress> carried(String name, List<String> labels) {
    List<InetAddress> found = new ArrayList<>();
    Matcher quad = QUAD.matcher(name);
    while (quad.find()) {
      byte[] bytes = new byte[4];
      boolean fits = true;
      for (int i = 0; i < 4; i++) {
        int value = Integer.parseInt(quad.group(i + 1));
        fits &= value <= 255;
        bytes[i] = (byte) value;
      }
      if (fits) found.add(address(bytes));
    }
    for (String label : labels) {
      Matcher hex = HEX.matcher(label);
      while (hex.find()) found.add(address(HexFormat.of().parseHex(hex.group())));
      ipv6(label.replace('-', ':')).ifPresent(found::add);
      for (int dash = label.indexOf('-'); dash >= 0; dash = label.indexOf('-', dash + 1)) {
        ipv6(label.substring(dash + 1).replace('-', ':')).ifPresent(found::add);
      }
    }
    return found;
  }

  private static Optional<InetAddress> ipv6(String text) {
    if (text.chars().filter(c -> c == ':').count() < 2) return Optional.empty();
    try {
      return Optional.of(AddressBlock.ipv6(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }
}
