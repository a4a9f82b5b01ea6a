package io.parley.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadScanTest {
  static final HeadScan.Limits LIMITS = new HeadScan.Limits(SocketHandshake.MAX_HEAD_BYTES, 2044, 60, 8188, 63);
  private static final String HEAD = "GET /v1/chat/ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n";

  /** What a scanner says of {@code text} fed in one piece. */
  static int scan(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return new HeadScan(LIMITS).scan(bytes, bytes.length);
  }

  @Test
  void aWholeHeadEndsJustPastItsBlankLine() {
    assertEquals(HEAD.length(), scan(HEAD + "first bytes of a frame"));
  }

  @Test
  void aHeadReadInPiecesIsScannedOnFromWhereItStopped() {
    byte[] bytes = HEAD.getBytes(StandardCharsets.ISO_8859_1);
    HeadScan scan = new HeadScan(LIMITS);
    for (int length = 1; length < bytes.length; length++) {
      assertEquals(HeadScan.MORE, scan.scan(bytes, length), "after " + length + " bytes");
    }
    assertEquals(bytes.length, scan.scan(bytes, bytes.length));
  }

  @Test
  void aBareLineFeedAnywhereIsPekkosToRead() {
    // Pekko HTTP reads LF as a line's end and answers such a head at once.
    for (String head : List.of("GET /health/ready HTTP/1.1\nHost: a\n\n", "GET / HTTP/1.1\r\nHost: a\r\n\n",
        "GET / HTTP/1.1\r\nHost: a\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nX: 1\n")) {
      assertEquals(HeadScan.NOT_OURS, scan(head), head);
    }
  }

  @Test
  void whatPekkoCouldAnswerBeforeTheHeadEndsIsHandedOverAtOnce() {
    assertEquals(HeadScan.NOT_OURS, scan("POST "), "another method");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.0"), "another version");
    assertEquals(HeadScan.NOT_OURS, scan("GET /" + "x".repeat(2044)), "a target Pekko answers 414");
    assertEquals(HeadScan.NOT_OURS, scan("GET ,/"), "a target Pekko reads as an authority and refuses");
    assertEquals(HeadScan.NOT_OURS, scan("GET /a#b"), "a fragment");
    assertEquals(HeadScan.NOT_OURS, scan("GET /a?b=%4x"), "a percent sign without two hex digits");
    assertEquals(HeadScan.NOT_OURS, scan("GET /a?b=%4 "), "a target ending within its percent-encoding");
    assertEquals(HeadScan.NOT_OURS, scan("GET /a?b={}"), "characters Pekko's strict parser refuses");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\nHost: a\r\n folded"), "an obsolete folded line");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\nX-Y: a\u0001"), "a control character");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\nOrigin:\u0080 http://a"), "a byte Pekko refuses as UTF-8");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\nX: " + "v".repeat(8188)), "a value Pekko refuses");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\n" + "x".repeat(61)), "a name Pekko refuses");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\n" + "X: y\r\n".repeat(64)), "too many headers");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\nContent-Length: 5\r\n"), "a body");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\nContent-Length: x\r\n"), "a bad length Pekko answers");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"), "a chunked body");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\n\rX"), "a CR not ending a line");
    assertEquals(HeadScan.NOT_OURS, scan("GET /x HTTP/1.1\r\nX: " + "v".repeat(SocketHandshake.MAX_HEAD_BYTES)),
        "a head over the port's limit");
  }

  @Test
  void aPrefixOfAHeadReadHereWaitsForMore() {
    assertEquals(HeadScan.MORE, scan("GE"));
    assertEquals(HeadScan.MORE, scan("GET /v1/chat/ws?tenant=demo&token=a.b-c_d~&q=%C3%A9!$'()*+,;=:@/? HTTP/1.1\r\n"));
    assertEquals(HeadScan.MORE, scan("GET /x HTTP/1.1\r\nContent-Length: 0\r\n"), "Java's client says it has no body");
    assertEquals(HeadScan.MORE, scan("GET /x HTTP/1.1\r\nX: a\tb c\r"));
  }
}
