package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.testing.LoopbackHttpServers;
import io.parley.persistence.testing.TestH2;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenants the operator creates through the API, on a node that may reach public addresses only,
 * whose identity provider and JWKS are on this machine: the node never asks them, whether their URL
 * names loopback or loopback written as NAT64. The provider here would answer, and counts what it is asked.
 */
class OutboundPolicyEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPERATOR = "Bearer " + OpsClient.TOKEN;
  private static final List<String> asked = new CopyOnWriteArrayList<>();
  private static RSAKey signingKey;
  private static HttpServer provider;
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    provider = LoopbackHttpServers.create();
    provider.createContext("/", exchange -> {
      asked.add(exchange.getRequestURI().getPath());
      String issuer = "http://127.0.0.1:" + provider.getAddress().getPort();
      byte[] body = (exchange.getRequestURI().getPath().endsWith("/jwks")
          ? new JWKSet(signingKey.toPublicJWK()).toString()
          : JSON.createObjectNode().put("issuer", issuer).put("authorization_endpoint", issuer + "/authorize")
              .put("token_endpoint", issuer + "/token").put("jwks_uri", issuer + "/jwks").toString())
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    provider.start();
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(Files.createTempDirectory("parley-outbound")),
        Optional.empty(), Map.of("parley.management.ops-token", OpsClient.TOKEN, "parley.outbound.allowed-networks", "")));
  }

  @AfterAll
  static void stop() {
    node.close();
    provider.stop(0);
  }

  @Test
  void aTenantsProviderOnTheOperatorsNetworkIsNeverAskedWhereToSignIn() throws Exception {
    ObjectNode entry = JSON.createObjectNode();
    entry.putObject("oidc").put("issuer", "http://127.0.0.1:" + provider.getAddress().getPort()).put("clientId", "console");
    assertEquals(201, putTenant("inward", entry).statusCode());

    HttpResponse<String> signIn = TestIdentity.call(node.httpPort(), "GET", "/v1/auth/oidc?tenant=inward", null, null);
    assertEquals(502, signIn.statusCode(), signIn.body());
    assertEquals(List.of(), asked);
  }

  @Test
  void aTenantsJwksUrlOnLoopbackByAnyNameIsNeverFetchedAndItsTokensAreRefused() throws Exception {
    ObjectNode inline = JSON.createObjectNode().put("issuer", "https://id.inline.example").put("audience", "parley");
    inline.set("jwks", JSON.readTree(new JWKSet(signingKey.toPublicJWK()).toString()));
    assertEquals(201, putTenant("inline", inline).statusCode());
    assertEquals(200, TestIdentity.call(node.httpPort(), "GET", "/v1/conversations?tenant=inline",
        "Bearer " + token("inline"), null).statusCode(), "the tokens are good where the keys need no fetch");

    int port = provider.getAddress().getPort();
    List<String> hosts = List.of("127.0.0.1", "localhost", "[64:ff9b::7f00:1]", "[::127.0.0.1]");
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(i);
      String tenant = "keys-" + i;
      ObjectNode entry = JSON.createObjectNode().put("issuer", "https://id." + tenant + ".example").put("audience", "parley")
          .put("jwksUrl", "http://" + host + ":" + port + "/jwks");
      assertEquals(201, putTenant(tenant, entry).statusCode());

      HttpResponse<String> listed = TestIdentity.call(node.httpPort(), "GET", "/v1/conversations?tenant=" + tenant,
          "Bearer " + token(tenant), null);
      assertEquals(401, listed.statusCode(), host + ": " + listed.body());
    }
    assertEquals(List.of(), asked);
  }

  private static HttpResponse<String> putTenant(String tenant, ObjectNode entry) throws Exception {
    return TestIdentity.call(node.httpPort(), "PUT", "/v1/tenants/" + tenant, OPERATOR, entry.toString());
  }

  /** An admin's token for {@code tenant}, signed with the key the provider publishes. */
  private static String token(String tenant) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer("https://id." + tenant + ".example").audience("parley").subject("admin-1")
            .claim("tenant", tenant).claim("roles", List.of("admin"))
            .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
    jwt.sign(new RSASSASigner(signingKey));
    return jwt.serialize();
  }
}
