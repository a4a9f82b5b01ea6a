package io.parley.core.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * The host of an http or https URL as a browser reads it: the WHATWG URL standard's host parser,
 * which every rule about where a URL leads applies before it looks at the host, so that the node
 * judges the host that is connected to and not another spelling of it. An IPv4 address is one
 * in any of the forms browsers and the C library take ({@code 2130706433}, {@code 0x7f.1},
 * {@code 0177.0.0.1}, {@code 127.1}); a name is percent-decoded, mapped to ASCII by IDNA
 * (full-width dots and digits included) and lower-cased, and a name whose last label is a number
 * is read as an IPv4 address or refused; an IPv6 address is read between brackets. A name keeps
 * the trailing dot it was given in {@link Name#ascii}; {@link Name#labels} are without it.
 */
public sealed interface UrlHost {
  /** An address, in whichever form the URL wrote it. */
  record Address(InetAddress address) implements UrlHost {}

  /** A name to resolve: lower-case ASCII, IDNA labels as {@code xn--}. */
  record Name(String ascii) implements UrlHost {
    /** The name without its trailing dot, which names the same host. */
    public String withoutTrailingDot() {
      return ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    }

    public List<String> labels() {
      return List.of(withoutTrailingDot().split("\\.", -1));
    }
  }

  /**
   * The host {@code raw} (as a URL writes it, IPv6 in brackets) names.
   *
   * @throws IllegalArgumentException when a browser would refuse the URL for its host
   */
  static UrlHost parse(String raw) {
    return HostParser.parse(raw);
  }

  /** Whether {@code url} has a host a browser takes: the test of every URL rule, where Java's {@link URI#getHost} misses some. */
  static boolean hasHost(URI url) {
    try {
      of(url);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@link #parse} of a host as HTTP clients pass it, an IPv6 address with brackets or without. */
  static UrlHost ofHostname(String host) {
    return parse(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host);
  }

  /**
   * The host of {@code url}'s authority (after any user information, before any port), as
   * {@link #parse} reads it: Java's own {@link URI#getHost} gives none for {@code 0x7f.1} or a
   * percent-encoded host, which a browser reads all the same.
   *
   * @throws IllegalArgumentException when the URL has no host a browser would take
   */
  static UrlHost of(URI url) {
    return parse(rawHost(url));
  }

  /** The host of {@code url} as written, between any user information and any port; empty when it has no authority. */
  static String rawHost(URI url) {
    String authority = url.getRawAuthority();
    if (authority == null) return "";
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    int closing = host.lastIndexOf(']');
    int colon = host.lastIndexOf(':');
    return colon > closing ? host.substring(0, colon) : host;
  }
}
