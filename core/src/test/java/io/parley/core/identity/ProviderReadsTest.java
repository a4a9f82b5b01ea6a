package io.parley.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.ResourceRetriever;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.net.OutboundHttp;
import io.parley.core.net.RefusedAddress;
import io.parley.core.testing.LoopbackOutbound;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The node's reads of providers over loopback HTTP: bounded in time however the provider behaves,
 * what they read checked, and made through the outbound client (its address policy, no redirects).
 */
class ProviderReadsTest {
  private static final ResourceRetriever RETRIEVER = ProviderReads.retriever(LoopbackOutbound.http(), Duration.ofSeconds(5));

  @Test
  void aProviderThatAcceptsAndNeverAnswersFailsTheReadAtItsDeadlineAndLosesItsConnection() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String issuer = "http://127.0.0.1:" + silent.getLocalPort();
      long started = System.nanoTime();
      CompletableFuture<OidcDiscovery> read = ProviderReads.<String, OidcDiscovery>bounded(
          url -> OidcDiscovery.of(url, RETRIEVER), Duration.ofMillis(300)).apply(issuer);
      try (Socket held = silent.accept()) {
        CompletionException failed = assertThrows(CompletionException.class, read::join);
        assertInstanceOf(TimeoutException.class, failed.getCause());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0,
            "ended at its deadline, not at the client's 5 s timeout");
        InputStream fromNode = held.getInputStream();
        held.setSoTimeout(4000);
        while (fromNode.read() != -1) {
          // The request; then the end of the connection, closed by the interrupted reader.
        }
      }
    }
  }

  @Test
  void aDiscoveryDocumentAndItsKeysAreReadAndChecked() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    Map<String, String> pages = new ConcurrentHashMap<>();
    HttpServer provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    provider.createContext("/", exchange -> {
      String page = pages.get(exchange.getRequestURI().getPath());
      byte[] body = (page == null ? "{}" : page).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    provider.start();
    try {
      String issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/acme";
      pages.put("/realms/acme/.well-known/openid-configuration", """
          {"issuer": "%1$s", "authorization_endpoint": "%1$s/auth", "token_endpoint": "%1$s/token",
           "jwks_uri": "%1$s/certs"}""".formatted(issuer));
      pages.put("/realms/acme/certs", new JWKSet(key).toString(false));
      OidcDiscovery discovery = OidcDiscovery.of(issuer, RETRIEVER);
      assertEquals(issuer + "/certs", discovery.jwksUri().toString());
      JWKSet keys = ProviderReads.keySet(RETRIEVER, discovery.jwksUri().toString());
      assertEquals(key.toPublicJWK(), keys.getKeyByKeyId("k1"), "public keys only, whatever the provider serves");

      pages.put("/realms/acme/.well-known/openid-configuration", """
          {"issuer": "https://login.evil.example", "authorization_endpoint": "%1$s/auth", "token_endpoint": "%1$s/token",
           "jwks_uri": "%1$s/certs"}""".formatted(issuer));
      assertTrue(assertThrows(IOException.class, () -> OidcDiscovery.of(issuer, RETRIEVER)).getMessage()
          .contains("names the issuer 'https://login.evil.example'"));
      pages.put("/realms/acme/certs", "{\"keys\": []}");
      assertThrows(IOException.class, () -> ProviderReads.keySet(RETRIEVER, issuer + "/certs"));
      pages.put("/realms/acme/certs", "<html>");
      assertThrows(IOException.class, () -> ProviderReads.keySet(RETRIEVER, issuer + "/certs"));
    } finally {
      provider.stop(0);
    }
  }

  @Test
  void aProviderOutsideTheOutboundPolicyIsNeverAskedAndARedirectIsNotFollowed() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    HttpServer provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    provider.createContext("/", exchange -> {
      asked.add(exchange.getRequestURI().getPath());
      exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + provider.getAddress().getPort() + "/certs");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    provider.start();
    try {
      String issuer = "http://127.0.0.1:" + provider.getAddress().getPort();
      ResourceRetriever publicOnly = ProviderReads.retriever(new OutboundHttp(OutboundAddressPolicy.parse("")),
          Duration.ofSeconds(5));
      IOException refused = assertThrows(IOException.class, () -> OidcDiscovery.of(issuer, publicOnly));
      assertTrue(RefusedAddress.in(refused).isPresent(), refused.toString());
      assertThrows(IOException.class, () -> ProviderReads.keySet(publicOnly, issuer + "/keys"));
      assertEquals(List.of(), asked, "nothing is sent to an address the policy refuses");

      IOException moved = assertThrows(IOException.class, () -> ProviderReads.keySet(RETRIEVER, issuer + "/moved"));
      assertTrue(moved.getMessage().contains("answered HTTP 302"), moved.getMessage());
      assertEquals(List.of("/moved"), asked, "the redirect is not followed");
    } finally {
      provider.stop(0);
    }
  }
}
