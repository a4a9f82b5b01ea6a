package io.parley.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.mapRequest;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.parley.core.identity.ApiKeyStore;
import io.parley.core.identity.Authenticator;
import io.parley.core.identity.IdentitySettings;
import io.parley.core.identity.NewApiKey;
import io.parley.core.identity.ProviderFetchSettings;
import io.parley.core.identity.ProviderFetches;
import io.parley.core.identity.ProviderKeys;
import io.parley.core.identity.Role;
import io.parley.core.identity.StoredApiKey;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.identity.TenantIdentityList;
import io.parley.core.identity.TokenVerifier;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.net.OutboundHttp;
import io.parley.core.testing.ClassResource;
import io.parley.http.rest.ApiError;
import io.parley.http.testing.AuditedInMemory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request that passes several route groups under one path prefix, each reading its caller, has
 * its stored key looked up once; the next request looks it up again, so a revoked key stops at once.
 */
class AuthenticatedOnceTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);

  private final NewApiKey crm = NewApiKey.mint("acme", "crm", Set.of(Role.ADMIN), Optional.empty(), Instant.now(),
      new SecureRandom());
  private final AtomicInteger lookups = new AtomicInteger();

  /** The database's keys, holding {@link #crm} and counting the lookups. */
  private final ApiKeyStore keys = new ApiKeyStore() {
    @Override
    public void add(StoredApiKey key, String sha256) {
      throw new UnsupportedOperationException("the test's keys are fixed");
    }

    @Override
    public Optional<StoredApiKey> findBySha256(String sha256) {
      lookups.incrementAndGet();
      return sha256.equals(crm.sha256()) ? Optional.of(crm.key()) : Optional.empty();
    }

    @Override
    public List<StoredApiKey> list(String tenant) {
      return List.of(crm.key());
    }

    @Override
    public Optional<StoredApiKey> revoke(String tenant, String id, Instant at) {
      throw new UnsupportedOperationException("the test's keys are fixed");
    }
  };

  @Test
  void aRequestThroughSeveralRouteGroupsLooksItsKeyUpOnce() throws Exception {
    Callers callers = callers();
    // As the knowledge base's documents, sources and files: three groups under /v1, each reading the caller.
    Route routes = mapRequest(request -> new ProvenCredential().on(request), () -> concat(
        pathPrefix("v1", () -> callers.caller(caller -> path("documents", () -> complete("documents")))),
        pathPrefix("v1", () -> callers.caller(caller -> path("sources", () -> complete("sources")))),
        pathPrefix("v1", () -> callers.caller(caller -> path("files", () -> complete("files of " + caller.tenant()))))));
    ServerBinding binding = Http.get(kit.get().system()).newServerAt("127.0.0.1", 0).bind(routes)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      String base = "http://127.0.0.1:" + binding.localAddress().getPort();

      HttpResponse<String> files = get(base + "/v1/files", crm.secret());
      assertEquals(200, files.statusCode(), files.body());
      assertEquals("files of acme", files.body());
      assertEquals(1, lookups.get(), "three groups read the caller, the key store was asked once");

      assertEquals(200, get(base + "/v1/files", crm.secret()).statusCode());
      assertEquals(2, lookups.get(), "the next request asks again");

      HttpResponse<String> unknown = get(base + "/v1/files", crm.secret() + "x");
      assertEquals(401, unknown.statusCode(), unknown.body());
      assertEquals(3, lookups.get(), "a key refused is looked up once too");
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private Callers callers() {
    Clock clock = Clock.systemUTC();
    TenantDirectory tenants = new TenantDirectory(new IdentitySettings("acme", TenantIdentityList.parse("{\"acme\": {}}")));
    TokenVerifier tokens = new TokenVerifier(tenants, ProviderKeys.overHttp(new OutboundHttp(OutboundAddressPolicy.globalOnly()),
        ProviderFetchSettings.create(ConfigFactory.load()), ProviderFetches.none(), clock), clock);
    return new Callers(new Authenticator(tenants, tokens, keys, secret -> Optional.empty(), clock),
        new ApiError(new ObjectMapper()), Optional.empty(), Runnable::run, new Audit(new AuditedInMemory(), clock));
  }

  private static HttpResponse<String> get(String url, String key) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
