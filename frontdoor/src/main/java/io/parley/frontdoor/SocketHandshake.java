package io.parley.frontdoor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.Host;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.util.ByteString;

/**
 * The head of a request that asks, correctly and completely, for a WebSocket (RFC 6455 section
 * 4.2.1): a {@code GET} over HTTP/1.1 with a host, {@code Upgrade: websocket}, {@code Connection:
 * upgrade}, a 16-byte key and version 13, and no body (Java's client says {@code Content-Length: 0}). Anything else, malformed or merely unusual,
 * is not a handshake here and goes to Pekko HTTP's own parser, which answers it as it always has.
 */
record SocketHandshake(Uri target, List<HttpHeader> headers, String key, List<String> requestedProtocols,
    Host host) {
  /** What the head of an upgrade may weigh; a larger one (a big cookie) is Pekko HTTP's to parse. */
  public static final int MAX_HEAD_BYTES = 16 * 1024;
  static final int MAX_HEADERS = 64;
  private static final int KEY_LENGTH = 24;
  private static final String VERSION = "13";
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern FIELD_VALUE = Pattern.compile("[\\t\\x20-\\x7e]*");
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** The handshake in {@code head} (a whole head, blank line included), if it is one. */
  public static Optional<SocketHandshake> parse(ByteString head) {
    if (head.size() > MAX_HEAD_BYTES) return Optional.empty();
    String[] lines = head.decodeString(StandardCharsets.ISO_8859_1).split("\r\n", -1);
    String[] requestLine = lines[0].split(" ", -1);
    // A target of "//…" would parse as an authority: Pekko reads it as a path, so it is Pekko's to serve.
    if (requestLine.length != 3 || !requestLine[0].equals("GET") || !requestLine[2].equals("HTTP/1.1")
        || !requestLine[1].startsWith("/") || requestLine[1].startsWith("//")) {
      return Optional.empty();
    }
    List<HttpHeader> headers = new ArrayList<>();
    // The head ends with an empty line, which split leaves as the last two entries.
    for (int i = 1; i < lines.length - 2; i++) {
      int colon = lines[i].indexOf(':');
      // A folded line (obsolete), a name that is not a token or a value with control characters
      // is for the full parser to refuse.
      if (colon <= 0 || headers.size() == MAX_HEADERS) return Optional.empty();
      String name = lines[i].substring(0, colon);
      String value = lines[i].substring(colon + 1);
      if (!TOKEN.matcher(name).matches() || !FIELD_VALUE.matcher(value).matches()) return Optional.empty();
      headers.add(header(name, value.strip()));
    }
    return handshake(requestLine[1], headers);
  }

  private static Optional<SocketHandshake> handshake(String target, List<HttpHeader> headers) {
    // One host that Pekko could read as a host: a raw one (a path, a fragment) would reshape the URI.
    List<HttpHeader> hosts = headers.stream().filter(h -> h.is("host")).toList();
    Optional<Host> host = hosts.size() == 1 && hosts.get(0) instanceof Host typed && !typed.host().address().isEmpty()
        ? Optional.of(typed) : Optional.empty();
    Optional<Uri> path = originForm(target);
    Optional<String> key = single(headers, "sec-websocket-key")
        .filter(k -> decodesTo16Bytes(k));
    if (host.isEmpty() || path.isEmpty() || key.isEmpty()
        || !tokens(headers, "upgrade").contains("websocket")
        || !tokens(headers, "connection").contains("upgrade")
        || !single(headers, "sec-websocket-version").filter(VERSION::equals).isPresent()
        || !values(headers, "content-length").stream().allMatch("0"::equals)
        || !values(headers, "transfer-encoding").isEmpty()) {
      return Optional.empty();
    }
    List<String> protocols = new ArrayList<>();
    values(headers, "sec-websocket-protocol").forEach(value ->
        Arrays.stream(value.split(",")).map(String::strip).filter(p -> !p.isEmpty()).forEach(protocols::add));
    return Optional.of(new SocketHandshake(path.get(), List.copyOf(headers), key.get(), List.copyOf(protocols), host.get()));
  }

  /** A path with an optional query, parsed strictly as Pekko HTTP's server does; nothing else. */
  private static Optional<Uri> originForm(String target) {
    try {
      Uri uri = Uri.create(target, Uri.STRICT);
      return uri.isRelative() && uri.getHost().address().isEmpty() && uri.fragment().isEmpty()
          ? Optional.of(uri) : Optional.empty();
    } catch (RuntimeException notAUri) {
      return Optional.empty();
    }
  }

  /** The request as Pekko HTTP's server would have made it (an absolute URI from the host and the target), for the routes. */
  public HttpRequest request() {
    Uri absolute = target.scheme("http").host(host.host());
    return HttpRequest.create().withUri(host.port() > 0 ? absolute.port(host.port()) : absolute).addHeaders(headers);
  }

  /**
   * RFC 6455 section 4.4: a request for a socket in a version other than 13 (or in none) that is
   * not switched names, in the answer, the version this server speaks. Pekko HTTP reads such a
   * request as a plain one, and the routes refuse it without saying why.
   */
  static HttpResponse namingTheVersion(HttpRequest request, HttpResponse response) {
    if (request.getHeader("Upgrade").isEmpty()) return response;
    List<HttpHeader> headers = new ArrayList<>();
    request.getHeaders().forEach(headers::add);
    boolean otherVersion = tokens(headers, "upgrade").contains("websocket")
        && !single(headers, "sec-websocket-version").map(String::strip).filter(VERSION::equals).isPresent();
    if (!otherVersion || response.status().intValue() == 101 || response.getHeader("Sec-WebSocket-Version").isPresent()) {
      return response;
    }
    return response.addHeader(RawHeader.create("Sec-WebSocket-Version", VERSION));
  }

  /** The value of {@code Sec-WebSocket-Accept} that proves this handshake was read. */
  public String accept() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }

  /** A typed header where Pekko knows the name (the routes look for {@code Host}, {@code Origin} by type), else raw. */
  private static HttpHeader header(String name, String value) {
    try {
      return HttpHeader.parse(name, value);
    } catch (RuntimeException unparsable) {
      return RawHeader.create(name, value);
    }
  }

  private static List<String> values(List<HttpHeader> headers, String lowerCaseName) {
    return headers.stream().filter(h -> h.is(lowerCaseName)).map(HttpHeader::value).toList();
  }

  private static Optional<String> single(List<HttpHeader> headers, String lowerCaseName) {
    List<String> values = values(headers, lowerCaseName);
    return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
  }

  private static List<String> tokens(List<HttpHeader> headers, String lowerCaseName) {
    return values(headers, lowerCaseName).stream()
        .flatMap(value -> Arrays.stream(value.split(",")))
        .map(token -> token.strip().toLowerCase(Locale.ROOT))
        .toList();
  }

  /** Base64 of 16 bytes is 24 characters with its padding; Java's decoder would take it without. */
  private static boolean decodesTo16Bytes(String key) {
    if (key.length() != KEY_LENGTH) return false;
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }
}
