package io.parley.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.parley.core.testing.LoopbackHttpServers;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound client over real loopback sockets: it connects where the policy allows, refuses
 * before anything is sent where it does not (by name or by address, loopback spelled as NAT64 or
 * IPv4-compatible IPv6 included), and does not follow a redirect.
 */
class OutboundHttpTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() {
    server = LoopbackHttpServers.create();
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      if (exchange.getRequestURI().getPath().equals("/moved")) {
        exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port + "/inside");
        exchange.sendResponseHeaders(302, -1);
      } else {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anAllowedNetworkIsReachedAndAnsweredWithStatusTypeAndBody() throws IOException {
    OutboundHttp http = new OutboundHttp(OutboundAddressPolicy.parse("127.0.0.0/8"));
    OutboundHttp.Answer posted = http.postJson(URI.create("http://127.0.0.1:" + port + "/hook"), Map.of("X-Test", "1"),
        "{}", TIMEOUT);
    assertEquals(200, posted.status());
    assertEquals("{\"ok\":true}", posted.body());
    assertEquals("application/json", posted.contentType().orElseThrow());
    assertEquals(200, http.get(URI.create("http://localhost:" + port + "/keys"), TIMEOUT, 1024).status(),
        "a name is resolved, and its address checked");
    assertEquals(200, http.get(URI.create("http://0x7f.1:" + port + "/keys"), TIMEOUT, 1024).status(),
        "an address spelled as browsers read it is that address, not a name for the resolver");
    assertEquals(List.of("POST /hook", "GET /keys", "GET /keys"), requests);
  }

  @Test
  void loopbackIsRefusedBeforeAnythingIsSentWhetherNamedOrWrittenAsAnAddress() {
    OutboundHttp http = new OutboundHttp(OutboundAddressPolicy.parse(""));
    for (String host : List.of("127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "0x7f.1", "2130706433", "0177.0.0.1",
        "localhost.", "%31%32%37.0.0.1")) {
      IOException failure = assertThrows(IOException.class,
          () -> http.postJson(URI.create("http://" + host + ":" + port + "/hook"), Map.of(), "{}", TIMEOUT));
      RefusedAddress refused = RefusedAddress.in(failure).orElseThrow(() -> new AssertionError(host, failure));
      assertTrue(refused.getMessage().contains("is loopback (127.0.0.0/8)"), refused.getMessage());
      assertTrue(refused.getMessage().endsWith("the operator allows networks with PARLEY_OUTBOUND_ALLOWED_NETWORKS"));
    }
    assertEquals(List.of(), requests);
  }

  @Test
  void loopbackAsNat64OrIpv4CompatibleIpv6IsRefusedWhereLoopbackIsAllowed() {
    OutboundHttp http = new OutboundHttp(OutboundAddressPolicy.parse("127.0.0.0/8,::1/128"));
    for (String host : List.of("[64:ff9b::7f00:1]", "[::127.0.0.1]", "[2002:7f00:1::1]")) {
      IOException failure = assertThrows(IOException.class,
          () -> http.get(URI.create("https://" + host + ":" + port + "/keys"), TIMEOUT, 1024));
      assertTrue(RefusedAddress.in(failure).isPresent(), host + ": " + failure);
    }
    assertEquals(List.of(), requests);
  }

  @Test
  void aRedirectIsAnAnswerNotFollowed() throws IOException {
    OutboundHttp http = new OutboundHttp(OutboundAddressPolicy.parse("127.0.0.0/8"));
    assertEquals(302, http.get(URI.create("http://127.0.0.1:" + port + "/moved"), TIMEOUT, 1024).status());
    assertEquals(List.of("GET /moved"), requests);
  }

  @Test
  void aBodyLargerThanTheBoundIsAFailure() {
    OutboundHttp http = new OutboundHttp(OutboundAddressPolicy.parse("127.0.0.0/8"));
    IOException failure = assertThrows(IOException.class,
        () -> http.get(URI.create("http://127.0.0.1:" + port + "/keys"), TIMEOUT, 4));
    assertEquals("127.0.0.1 answered with more than 4 bytes", failure.getMessage());
  }
}
