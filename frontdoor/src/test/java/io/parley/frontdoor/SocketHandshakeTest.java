package io.parley.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Host;
import org.apache.pekko.http.javadsl.model.headers.Origin;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class SocketHandshakeTest {
  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  private static String head(String... extraHeaders) {
    StringBuilder head = new StringBuilder("GET /v1/chat/ws?token=abc HTTP/1.1\r\n"
        + "Host: chat.example.com:8080\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
        + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\nOrigin: https://shop.example.com\r\n");
    for (String header : extraHeaders) head.append(header).append("\r\n");
    return head.append("\r\n").toString();
  }

  private static Optional<SocketHandshake> parse(String head) {
    return SocketHandshake.parse(ByteString.fromString(head, StandardCharsets.ISO_8859_1));
  }

  @Test
  void aBrowsersHandshakeBecomesTheRequestPekkoWouldHaveMade() {
    SocketHandshake handshake = parse(head("Sec-WebSocket-Protocol: parley.v1, bearer.tok")).orElseThrow();
    assertEquals(List.of("parley.v1", "bearer.tok"), handshake.requestedProtocols());
    // RFC 6455 section 1.3's own example.
    assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", handshake.accept());

    HttpRequest request = handshake.request();
    assertEquals("http://chat.example.com:8080/v1/chat/ws?token=abc", request.getUri().toString());
    assertEquals(Optional.of("abc"), request.getUri().query().get("token"));
    // Typed, as the routes' directives look them up.
    assertTrue(request.getHeader(Host.class).isPresent());
    assertTrue(request.getHeader(Origin.class).isPresent());
  }

  @Test
  void anythingThatIsNotAWholeCorrectHandshakeIsLeftToPekkoHttp() {
    assertTrue(parse(head().replace("GET ", "POST ")).isEmpty());
    assertTrue(parse(head().replace("HTTP/1.1", "HTTP/1.0")).isEmpty());
    assertTrue(parse(head().replace("Upgrade: websocket", "Upgrade: h2c")).isEmpty());
    assertTrue(parse(head().replace("keep-alive, Upgrade", "keep-alive")).isEmpty());
    assertTrue(parse(head().replace("Version: 13", "Version: 8")).isEmpty());
    assertTrue(parse(head().replace(KEY, "c2hvcnQ=")).isEmpty(), "a key of other than 16 bytes");
    assertTrue(parse(head().replace("Host: chat.example.com:8080\r\n", "")).isEmpty());
    assertTrue(parse(head("Host: second.example.com")).isEmpty());
    assertTrue(parse(head("Content-Length: 5")).isEmpty());
    assertTrue(parse(head("Transfer-Encoding: chunked")).isEmpty());
    assertTrue(parse(head("Content-Length: 0")).isPresent(), "Java's own client says it has no body");
    assertTrue(parse(head(" folded: line")).isEmpty());
    assertTrue(parse(head().replace("/v1/chat/ws", "http://elsewhere/v1/chat/ws")).isEmpty());
    assertTrue(parse(head("Cookie: c=" + "x".repeat(SocketHandshake.MAX_HEAD_BYTES))).isEmpty(), "a head too large");
  }

  @Test
  void aHostOrTargetThatWouldReshapeTheUriIsLeftToPekkoHttp() {
    // Pekko reads such a host as no host at all; built into a URI, it would move the path elsewhere.
    assertTrue(parse(head().replace("chat.example.com:8080", "h/v1/sessions/abc?x=#")).isEmpty());
    assertTrue(parse(head().replace("chat.example.com:8080", "")).isEmpty());
    assertTrue(parse(head().replace("/v1/chat/ws?token=abc", "/v1/chat/ws#fragment")).isEmpty());
    assertTrue(parse(head().replace("/v1/chat/ws?token=abc", "/v1/chat/ws?token=a b")).isEmpty());
    // Pekko reads "//…" as a path; as a URI reference it would name an authority.
    for (String target : List.of("///v1/chat/ws", "//:8443/v1/chat/ws", "//u@/v1/chat/ws", "////x")) {
      assertTrue(parse(head().replace("/v1/chat/ws?token=abc", target)).isEmpty(), target);
    }
    assertTrue(parse(head("X Y: z")).isEmpty(), "a header name that is not a token");
    assertTrue(parse(head("X-Y: a\u0001b")).isEmpty(), "a control character in a value");
  }

  @Test
  void aKeyMustBeSixteenBytesInPaddedBase64() {
    // The same 16 bytes without their "==": Java's decoder reads them, RFC 6455 does not.
    assertTrue(parse(head().replace(KEY, KEY.substring(0, 22))).isEmpty());
    assertTrue(parse(head().replace(KEY, KEY.substring(0, 22) + "=")).isEmpty());
  }
}
