package io.parley.core.net;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    return parsed(raw);
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

  /** The WHATWG URL standard's host parser for special schemes (http, https); {@code " #%/:<>?@[\\]^|"} are the characters a decoded domain may not hold, beside C0 controls and DEL. */
  private static UrlHost parsed(String raw) {
    if (raw == null || raw.isEmpty()) throw new IllegalArgumentException("the URL names no host");
    if (raw.startsWith("[")) {
      if (!raw.endsWith("]") || raw.indexOf('%') >= 0) throw new IllegalArgumentException("'" + raw + "' is not an IPv6 address");
      try {
        return new Address(AddressBlock.ipv6(raw.substring(1, raw.length() - 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + raw + "' is not an IPv6 address");
      }
    }
    String decoded = percentDecoded(raw);
    String ascii;
    try {
      String mapped = Normalizer.normalize(decoded, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
      ascii = IDN.toASCII(mapped, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + raw + "' is not a host name: " + e.getMessage());
    }
    if (ascii.isEmpty()) throw new IllegalArgumentException("the URL names no host");
    for (char c : ascii.toCharArray()) {
      if (c <= 0x20 || c == 0x7F || " #%/:<>?@[\\]^|".indexOf(c) >= 0) {
        throw new IllegalArgumentException("'" + raw + "' holds a character no host name holds");
      }
    }
    if (endsInNumber(ascii)) return new Address(ipv4(ascii));
    return new Name(ascii);
  }

  private static String percentDecoded(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] in = raw.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
        bytes.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
        i += 2;
      } else {
        bytes.write(in[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte c) {
    return Character.digit(c, 16);
  }

  /** Whether the last label (ignoring one trailing dot) is all digits or reads as an IPv4 number. */
  private static boolean endsInNumber(String ascii) {
    List<String> parts = new ArrayList<>(List.of(ascii.split("\\.", -1)));
    if (parts.getLast().isEmpty()) {
      if (parts.size() == 1) return false;
      parts.removeLast();
    }
    String last = parts.getLast();
    if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) return true;
    return ipv4Number(last) != null;
  }

  /** The WHATWG IPv4 parser: up to four parts, each decimal, octal ({@code 0}…) or hex ({@code 0x}…), the last filling the rest. */
  private static InetAddress ipv4(String ascii) {
    List<String> parts = new ArrayList<>(List.of(ascii.split("\\.", -1)));
    if (parts.getLast().isEmpty() && parts.size() > 1) parts.removeLast();
    if (parts.size() > 4) throw new IllegalArgumentException("'" + ascii + "' is neither a host name nor an IPv4 address");
    List<BigInteger> numbers = new ArrayList<>();
    for (String part : parts) {
      BigInteger number = ipv4Number(part);
      if (number == null) throw new IllegalArgumentException("'" + ascii + "' is neither a host name nor an IPv4 address");
      numbers.add(number);
    }
    BigInteger byteLimit = BigInteger.valueOf(256);
    for (int i = 0; i < numbers.size() - 1; i++) {
      if (numbers.get(i).compareTo(byteLimit) >= 0) throw new IllegalArgumentException("'" + ascii + "' is not an IPv4 address");
    }
    BigInteger last = numbers.getLast();
    if (last.compareTo(byteLimit.pow(5 - numbers.size())) >= 0) {
      throw new IllegalArgumentException("'" + ascii + "' is not an IPv4 address");
    }
    long value = last.longValueExact();
    for (int i = 0; i < numbers.size() - 1; i++) value += numbers.get(i).longValueExact() << (8 * (3 - i));
    byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }

  /** A part of an IPv4 address, or null when it is none; an empty part after its prefix is 0, as the standard says. */
  private static BigInteger ipv4Number(String part) {
    if (part.isEmpty()) return null;
    int radix = 10;
    String digits = part;
    if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
      radix = 16;
      digits = part.substring(2);
    } else if (part.length() >= 2 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.isEmpty()) return BigInteger.ZERO;
    for (char c : digits.toCharArray()) {
      if (c > 0x7F || Character.digit(c, radix) < 0) return null;
    }
    return new BigInteger(digits, radix);
  }
}
