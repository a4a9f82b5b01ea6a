package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.parley.persistence.testing.TestH2;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant acme's OpenID Connect provider is a loopback listener that takes every request and answers
 * none, as a provider that hangs; its issuer is public ({@code GET /v1/auth/oidc}). 48 clients send
 * tokens naming it (signatures made up), each every 100 ms: each is refused at once with
 * 401, {@code WWW-Authenticate} saying why and {@code Retry-After}, on REST and on the agent socket,
 * while another tenant's requests and readiness keep their latency. Once the provider answers, its
 * tokens are accepted.
 */
class SlowIdentityProviderTest {
  private static final String CLIENT_ID = "parley-console";
  private static final int ATTACKERS = 48;
  /** Each attacker's pause between two tokens: enough to hold every thread a provider could hold, not to load the CPU. */
  private static final Duration PACE = Duration.ofMillis(100);
  /** Another tenant's requests measured while the attack runs, at least this many over at least {@link #ATTACK}. */
  private static final int SAMPLES = 20;
  /** Long enough for the provider's reads to fail at their deadline and be tried again meanwhile. */
  private static final Duration ATTACK = Duration.ofSeconds(3);
  /**
   * Generous: these take milliseconds on a quiet machine, and under a second on one shared with
   * other builds; a thread held by the provider made them take seconds each.
   */
  private static final Duration BOUND = Duration.ofSeconds(2);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** The attackers' own: a client's one selector thread, busy with their answers, would delay the measured ones. */
  private static final HttpClient ATTACKING = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  @AutoClose("stop") private static HeldProvider provider;
  @AutoClose private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    provider = HeldProvider.start();
    ObjectNode tenants = (ObjectNode) JSON.readTree(TestIdentity.tenantsJson());
    ((ObjectNode) tenants.get("acme")).putObject("oidc").put("issuer", provider.issuer()).put("clientId", CLIENT_ID);
    // Short, so that reads fail and are tried again while the test runs.
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.empty(), Map.of(
        "parley.identity.tenants", tenants.toString(),
        "parley.identity.providers.timeout", "1s",
        "parley.identity.providers.retry-after", "1s",
        "parley.identity.providers.keep", "3s")));
  }

  @Test
  void tokensOfAHungProviderAreRefusedAtOnceWhileOtherTenantsKeepTheirLatencyAndAcceptedOnceItAnswers() throws Exception {
    String attack = forged(staffToken(provider.issuer(), rsaKey("attacker")));
    String globex = TestIdentity.customerToken("globex", Optional.of("cust-1"));
    // Served once before: the tenant's configuration entity and readiness are then what a running node has.
    awaitOk("/v1/widget/config", globex);
    awaitOk("/health/ready", null);
    AtomicBoolean attacking = new AtomicBoolean(true);
    List<Answer> refused = Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    try {
      List<Future<?>> attackers = new ArrayList<>();
      for (int i = 0; i < ATTACKERS; i++) {
        attackers.add(clients.submit(() -> {
          while (attacking.get()) {
            refused.add(timed(ATTACKING, "/v1/tickets", attack));
            Thread.sleep(PACE); // an attacker's pace of requests
          }
          return null;
        }));
      }
      await("every attacker refused twice").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
          .until(() -> refused.size() >= 2 * ATTACKERS);
      int readsBefore = provider.requests();
      Instant attackFrom = Instant.now();
      List<Duration> widget = new ArrayList<>();
      List<Duration> ready = new ArrayList<>();
      while (widget.size() < SAMPLES || Instant.now().isBefore(attackFrom.plus(ATTACK))) {
        Answer config = timed(HTTP, "/v1/widget/config", globex);
        assertEquals(200, config.response().statusCode(), config.response().body());
        widget.add(config.took());
        Answer readiness = timed(HTTP, "/health/ready", null);
        assertEquals(200, readiness.response().statusCode(), readiness.response().body());
        ready.add(readiness.took());
      }
      Answer socket = timed(HTTP, "/v1/agent/ws?token=" + attack, null);
      attacking.set(false);
      for (Future<?> attacker : attackers) attacker.get(30, TimeUnit.SECONDS);

      assertTrue(p99(widget).compareTo(BOUND) < 0, "globex's widget configuration: " + widget);
      assertTrue(p99(ready).compareTo(BOUND) < 0, "readiness: " + ready);
      assertTrue(refused.size() >= ATTACKERS, refused.size() + " tokens of the hung provider sent");
      List<Duration> refusals = new ArrayList<>();
      for (Answer answer : List.copyOf(refused)) {
        assertRefusedForNow(answer.response());
        // Those sent once every attacker is connected: the first include 48 connections opened at once.
        if (!answer.sent().isBefore(attackFrom)) refusals.add(answer.took());
      }
      assertTrue(p99(refusals).compareTo(BOUND) < 0, "the hung provider's tokens refused at once: p99 " + p99(refusals)
          + " of " + refusals.size() + "; the slowest " + List.copyOf(refused).stream()
              .sorted(java.util.Comparator.comparing(Answer::took).reversed()).limit(10)
              .map(answer -> answer.took().toMillis() + " ms sent at " + Duration.between(attackFrom, answer.sent()).toMillis())
              .toList());
      assertRefusedForNow(socket.response());
      assertTrue(socket.took().compareTo(BOUND) < 0, "the agent socket refused at once: " + socket.took());

      String metrics = get("/metrics", null).body();
      assertTrue(counter(metrics, "parley_identity_provider_reads_total{document=\"discovery\",outcome=\"failed\"}") >= 1,
          "the provider's failed reads are counted");
      assertTrue(counter(metrics, "parley_identity_tokens_refused_without_keys_total") >= refused.size(), metrics);
      // A read ends at its 1 s deadline and the next waits at least 1 s: one every two seconds at most.
      long reads = provider.requests() - readsBefore;
      assertTrue(reads <= 2 + Duration.between(attackFrom, Instant.now()).toSeconds() / 2,
          "one read at a time, the provider left alone between them: " + reads + " reads, " + refused.size() + " tokens");
    } finally {
      attacking.set(false);
      clients.shutdownNow();
    }

    provider.answer();
    RSAKey staffKey = provider.key();
    String agent = staffToken(provider.issuer(), staffKey);
    HttpResponse<String> signedIn = await("the agent let in").atMost(Duration.ofSeconds(30)).until(() -> {
      HttpResponse<String> response = get("/v1/tickets", agent);
      if (response.statusCode() == 401) assertRefusedForNow(response);
      return response;
    }, response -> response.statusCode() != 401);
    assertEquals(200, signedIn.statusCode(), "the provider's agent is let in once its keys are read: " + signedIn.body());
    HttpResponse<String> forged = get("/v1/tickets", forged(agent));
    assertEquals(401, forged.statusCode());
    assertTrue(forged.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""));
    assertFalse(forged.headers().firstValue("WWW-Authenticate").orElse("").contains("fetch"), "refused for its signature");
    assertEquals(Optional.empty(), forged.headers().firstValue("Retry-After"));
  }

  private static void awaitOk(String path, String token) throws Exception {
    HttpResponse<String> response = await(path + " answered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> get(path, token), answer -> answer.statusCode() == 200);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
  }

  private static void assertRefusedForNow(HttpResponse<String> response) {
    assertEquals(401, response.statusCode(), response.body());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    assertTrue(challenge.equals("Bearer realm=\"parley\", error=\"invalid_token\", "
        + "error_description=\"the issuer's keys are being fetched; try again\"")
        || challenge.equals("Bearer realm=\"parley\", error=\"invalid_token\", "
        + "error_description=\"the issuer's keys could not be fetched; try again later\""), challenge);
    assertTrue(Integer.parseInt(response.headers().firstValue("Retry-After").orElse("0")) >= 1, response.headers().toString());
  }

  private record Answer(HttpResponse<String> response, Instant sent, Duration took) {}

  private static Answer timed(HttpClient client, String path, String token) throws IOException, InterruptedException {
    Instant sent = Instant.now();
    long started = System.nanoTime();
    HttpResponse<String> response = get(client, path, token);
    return new Answer(response, sent, Duration.ofNanos(System.nanoTime() - started));
  }

  private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return get(HTTP, path, token);
  }

  private static HttpResponse<String> get(HttpClient client, String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .timeout(Duration.ofSeconds(30)).GET();
    if (token != null) request.header("Authorization", "Bearer " + token);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Duration p99(List<Duration> took) {
    List<Duration> sorted = took.stream().sorted().toList();
    return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
  }

  private static double counter(String metrics, String series) {
    Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
    return value.find() ? Double.parseDouble(value.group(1)) : 0;
  }

  private static String staffToken(String issuer, RSAKey key) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(issuer).audience(CLIENT_ID).subject("dana@acme.example")
            .claim("roles", List.of("agent")).expirationTime(Date.from(Instant.now().plusSeconds(3600))).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** The token with its signature's last characters changed. */
  private static String forged(String token) {
    return token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
  }

  private static RSAKey rsaKey(String id) throws Exception {
    return new RSAKeyGenerator(2048).keyID(id).generate();
  }

  /**
   * An OpenID Connect provider on a loopback port that takes every request and holds it, answering
   * none, until {@link #answer()}: then it serves its discovery document and key set, to the held
   * requests too.
   */
  private static final class HeldProvider {
    private final HttpServer server;
    private final RSAKey key;
    private final CountDownLatch answering = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();

    private HeldProvider(HttpServer server, RSAKey key) {
      this.server = server;
      this.key = key;
    }

    static HeldProvider start() throws Exception {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      HeldProvider provider = new HeldProvider(server, rsaKey("staff-1"));
      server.createContext("/", provider::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return provider;
    }

    String issuer() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/acme";
    }

    RSAKey key() {
      return key;
    }

    int requests() {
      return requests.get();
    }

    void answer() {
      answering.countDown();
    }

    void stop() {
      answering.countDown();
      server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
      requests.incrementAndGet();
      try {
        answering.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.close();
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String body = path.endsWith("/.well-known/openid-configuration")
          ? "{\"issuer\": \"%1$s\", \"authorization_endpoint\": \"%1$s/auth\", \"token_endpoint\": \"%1$s/token\", \"jwks_uri\": \"%1$s/certs\"}"
              .formatted(issuer())
          : path.endsWith("/certs") ? new JWKSet(key.toPublicJWK()).toString() : null;
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    }
  }
}
