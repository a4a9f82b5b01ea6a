package io.parley.frontdoor;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.pekko.http.javadsl.settings.ParserSettings;

/**
 * Reads a connection's first bytes as they arrive and says, as soon as it can, whether they are
 * the head of a request this port reads itself: {@code GET /<path and query> HTTP/1.1}, header
 * lines of a token, a colon and visible ASCII, each ended by CRLF, a blank CRLF line, no body. The
 * moment the bytes leave that form (a bare LF, an obsolete folded line, a control character, a
 * target Pekko's URI parser refuses, a body, a part longer than Pekko HTTP allows) they are Pekko
 * HTTP's: its parser answers such a head at once (or reads it as a request), so waiting here for a
 * blank line could leave a client that Pekko would have answered unanswered. Not thread-safe: one
 * per connection.
 */
final class HeadScan {
  /** The bytes so far may still become such a head. */
  static final int MORE = -1;
  /** The bytes are not such a head: Pekko HTTP reads them. */
  static final int NOT_OURS = -2;

  private static final byte[] GET = "GET ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * How long each part of a head read here may be; below Pekko HTTP's own limits, which its parser
   * enforces as it reads (a target too long is answered 414 before its line ends).
   */
  record Limits(int headBytes, int targetLength, int nameLength, int valueLength, int headers) {
    // Pekko counts some parts with or without a space or two around them; handing a head over a
    // few bytes early only means Pekko reads it.
    private static final int SLACK = 4;

    static Limits of(int maxHeadBytes, int maxHeaders, ParserSettings pekko) {
      return new Limits(maxHeadBytes, pekko.getMaxUriLength() - SLACK, pekko.getMaxHeaderNameLength() - SLACK,
          pekko.getMaxHeaderValueLength() - SLACK, Math.min(maxHeaders, pekko.getMaxHeaderCount() - 1));
    }
  }

  private enum Part { METHOD, TARGET, VERSION, LINE_START, NAME, VALUE, VALUE_CR, BLANK_CR }

  private final Limits limits;
  private Part part = Part.METHOD;
  private int scanned;
  private int partStart;
  private int colon;
  private int headers;
  private int hexDigitsDue;

  HeadScan(Limits limits) {
    this.limits = limits;
  }

  /**
   * Reads on from where the last call stopped, in {@code bytes[0, length)} (the same array's
   * contents, grown): where the head ends (just past its blank line), {@link #MORE} or {@link #NOT_OURS}.
   */
  int scan(byte[] bytes, int length) {
    for (; scanned < length; scanned++) {
      if (scanned >= limits.headBytes()) return NOT_OURS;
      int b = bytes[scanned] & 0xFF;
      boolean ours = switch (part) {
        case METHOD -> expect(GET, b, Part.TARGET);
        case TARGET -> target(b);
        case VERSION -> expect(VERSION, b, Part.LINE_START);
        case LINE_START -> lineStart(b);
        case NAME -> name(b);
        case VALUE -> value(b);
        case VALUE_CR -> b == '\n' && lineEnded(bytes);
        case BLANK_CR -> b == '\n';
      };
      if (!ours) return NOT_OURS;
      if (part == Part.BLANK_CR && b == '\n') return ++scanned;
    }
    return MORE;
  }

  private boolean expect(byte[] literal, int b, Part next) {
    int at = scanned - partStart;
    if (b != literal[at]) return false;
    if (at == literal.length - 1) begin(next);
    return true;
  }

  /**
   * An origin-form target ({@code /path?query}) of the characters Pekko's strict URI parser takes
   * there. Pekko parses the request line the moment it ends and answers a target it refuses (a
   * {@code #}, a {@code %} not followed by two hex digits, {@code ,/} read as an authority) at once.
   */
  private boolean target(int b) {
    if (hexDigitsDue > 0) {
      hexDigitsDue--;
      return HexFormat.isHexDigit(b);
    }
    if (b == ' ' && scanned > partStart) {
      part = Part.VERSION;
      partStart = scanned;
      return expect(VERSION, b, Part.LINE_START);
    }
    if (scanned - partStart >= limits.targetLength()) return false;
    if (scanned == partStart) return b == '/';
    if (b == '%') {
      hexDigitsDue = 2;
      return true;
    }
    return isUnreserved(b) || "!$&'()*+,;=:@/?".indexOf(b) >= 0;
  }

  private boolean lineStart(int b) {
    if (b == '\r') {
      part = Part.BLANK_CR;
      return true;
    }
    if (!isTokenChar(b) || ++headers > limits.headers()) return false;
    part = Part.NAME;
    partStart = scanned;
    return true;
  }

  private boolean name(int b) {
    if (b == ':') {
      colon = scanned;
      part = Part.VALUE;
      return true;
    }
    return isTokenChar(b) && scanned - partStart < limits.nameLength();
  }

  private boolean value(int b) {
    if (b == '\r') {
      part = Part.VALUE_CR;
      return true;
    }
    // Bytes past ASCII are Pekko's to judge (it refuses some, such as invalid UTF-8, at once); a
    // handshake never needs them.
    return (b == '\t' || (b >= 0x20 && b < 0x7F)) && scanned - colon < limits.valueLength();
  }

  /** A request with a body is not a handshake, and Pekko answers a bad Content-Length as soon as it reads its line. */
  private boolean lineEnded(byte[] bytes) {
    String name = new String(bytes, partStart, colon - partStart, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    String value = new String(bytes, colon + 1, scanned - 2 - colon, StandardCharsets.ISO_8859_1).strip();
    boolean body = name.equals("transfer-encoding") || (name.equals("content-length") && !value.equals("0"));
    part = Part.LINE_START;
    return !body;
  }

  private void begin(Part next) {
    part = next;
    partStart = scanned + 1;
  }

  private static boolean isUnreserved(int b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '-' || b == '.' || b == '_'
        || b == '~';
  }

  private static boolean isTokenChar(int b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
  }
}
