package io.parley.http.auth;

import io.parley.core.identity.OriginPolicy;
import io.parley.core.identity.TenantDirectory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The web pages allowed to use a tenant: the node's own, {@code PARLEY_ALLOWED_ORIGINS} and the
 * tenant's {@code allowedOrigins} ({@link OriginPolicy}). The sockets open only for them, and the
 * REST routes a browser client calls answer them across origins (CORS): a preflight gets the
 * methods and headers it may use, and a response carries {@code Access-Control-Allow-Origin} with
 * the page's origin and {@code Vary: Origin}. Credentials are bearer headers, never cookies, so
 * {@code Access-Control-Allow-Credentials} is never sent. Any other page gets no CORS header: its
 * browser keeps the answer from it, and the request is refused as it would be without one.
 */
public final class BrowserOrigins extends AllDirectives {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");
  private static final Set<String> HEADERS = Set.of("authorization", "content-type", "x-api-key", "x-request-id",
      "if-none-match", "traceparent", "mcp-protocol-version");
  /** What a page may read of an answer besides the simple headers: retry advice, revalidation, tracing. */
  private static final String EXPOSED = "ETag, Retry-After, WWW-Authenticate, X-Request-Id";
  private static final String PREFLIGHT_MAX_AGE_SECONDS = "600";

  private final OriginPolicy node;
  private final TenantDirectory tenants;
  private final Function<String, Optional<String>> keyTenant;

  /**
   * {@code node}: PARLEY_ALLOWED_ORIGINS; {@code tenants}: read on each request, so a tenant's change
   * holds at once; {@code keyTenant}: the tenant of a publishable key, when it is one.
   */
  public BrowserOrigins(OriginPolicy node, TenantDirectory tenants, Function<String, Optional<String>> keyTenant) {
    this.node = node;
    this.tenants = tenants;
    this.keyTenant = keyTenant;
  }

  /** The pages that may use {@code tenant}. */
  public OriginPolicy of(String tenant) {
    return tenants.find(tenant).map(identity -> node.with(identity.allowedOrigins())).orElse(node);
  }

  /**
   * {@code inner}, callable from the pages allowed for the tenant: a preflight from one is answered
   * here; an answer to one carries the CORS headers. The tenant is the one the request's credential
   * proved ({@link ProvenCredential}), else the one it names.
   */
  public Route callable(Supplier<Route> inner) {
    return optionalHeaderValueByName("Origin", origin -> extractRequest(request -> {
      if (origin.isEmpty()) return inner.get();
      String host = request.getHeader("Host").map(HttpHeader::value).orElse("").toLowerCase(Locale.ROOT);
      Optional<String> requested = request.getHeader("Access-Control-Request-Method").map(HttpHeader::value);
      if (request.method().equals(HttpMethods.OPTIONS) && requested.isPresent()) {
        return preflightPolicy(request).allows(origin, host) && METHODS.contains(requested.get())
            ? complete(preflight(origin.get(), request)) : inner.get();
      }
      ProvenCredential proven = ProvenCredential.of(request);
      return mapResponse(response -> {
        String tenant = proven.tenant().orElseGet(() -> namedTenant(request).orElse(tenants.defaultTenant()));
        return of(tenant).allows(origin, host) ? withOrigin(response, origin.get())
            .addHeader(RawHeader.create("Access-Control-Expose-Headers", EXPOSED)) : response;
      }, inner);
    }));
  }

  /**
   * A preflight carries no credential: the tenant is the one {@code ?tenant=} or the publishable
   * {@code ?key=} names; naming neither (a token will say), any tenant's page may ask, since the
   * answer itself is only shown to the pages of the tenant the token proves.
   */
  private OriginPolicy preflightPolicy(HttpRequest request) {
    return namedTenant(request).map(this::of)
        .orElseGet(() -> node.with(tenants.all().stream().flatMap(identity -> identity.allowedOrigins().stream()).toList()));
  }

  private Optional<String> namedTenant(HttpRequest request) {
    return request.getUri().query().get("tenant").or(() -> request.getUri().query().get("key").flatMap(keyTenant));
  }

  private static HttpResponse preflight(String origin, HttpRequest request) {
    List<String> asked = request.getHeader("Access-Control-Request-Headers").map(HttpHeader::value).stream()
        .flatMap(value -> Arrays.stream(value.split(",")))
        .map(name -> name.strip().toLowerCase(Locale.ROOT))
        .filter(HEADERS::contains)
        .toList();
    HttpResponse response = withOrigin(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT), origin)
        .addHeader(RawHeader.create("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE"))
        .addHeader(RawHeader.create("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS));
    return asked.isEmpty() ? response
        : response.addHeader(RawHeader.create("Access-Control-Allow-Headers", String.join(", ", asked)));
  }

  private static HttpResponse withOrigin(HttpResponse response, String origin) {
    return response.addHeader(RawHeader.create("Access-Control-Allow-Origin", origin))
        .addHeader(RawHeader.create("Vary", "Origin"));
  }
}
