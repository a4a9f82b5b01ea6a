package io.parley.http.rest;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.OriginPolicy;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.identity.TenantIdentity;
import io.parley.core.net.OutboundHttp;
import io.parley.core.net.RefusedAddress;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.BrowserOrigins;
import io.parley.http.auth.Callers;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Installing the chat widget on a company's site, for its admins: {@code GET /v1/widget/install}
 * (what the widget's tag needs: the tenant and its publishable keys, and the pages allowed to run
 * it) and {@code POST /v1/widget/install/check} (a page's address: whether its origin is allowed,
 * and whether the page, fetched by the node through the outbound address policy, holds the widget's
 * tag with this tenant and one of its keys). The page is fetched once, without following a redirect,
 * and read to {@value #MAX_PAGE_BYTES} bytes at most.
 *
 * @param nodeOrigins the pages every tenant allows
 * @param outbound fetches the page, on {@code blocking}
 */
public record InstallRoutes(TenantDirectory tenants, BrowserOrigins origins, OriginPolicy nodeOrigins,
    OutboundHttp outbound, JsonBodies bodies, ApiError errors, Callers callers, Executor blocking) {
  record InstallJson(String tenant, List<String> publishableKeys, List<String> allowedOrigins, List<String> nodeOrigins) {}

  record TagJson(String src, Optional<String> tenant, Optional<String> key) {}

  /**
   * A check's report: {@code fetched} whether the page answered at all ({@code status}, or
   * {@code problem} saying why not, or why its answer is no page); the widget's tags found in it,
   * and whether one names this tenant ({@code tenantRight}) with one of its keys ({@code keyRight}).
   */
  record CheckJson(String url, String origin, boolean originAllowed, boolean fetched, Optional<Integer> status,
      Optional<String> problem, List<TagJson> tags, boolean tagFound, boolean tenantRight, boolean keyRight) {}

  static final int MAX_PAGE_BYTES = 2 * 1024 * 1024;
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_URL = 2048;

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("widget").slash("install"), () -> callers.caller(caller ->
        callers.permitted(caller, Action.CONFIGURE_BOT, () -> concat(
            pathEnd(() -> get(() -> complete(bodies.response(StatusCodes.OK, install(caller))))),
            path("check", () -> post(() -> callers.audit().recorded(caller, "widget.install.check", () ->
                bodies.objectBody(body -> completeWithFuture(check(caller, body))))))))));
  }

  private InstallJson install(Caller caller) {
    Optional<TenantIdentity> identity = tenants.find(caller.tenant());
    return new InstallJson(caller.tenant(), identity.map(TenantIdentity::publishableKeys).orElse(List.of()),
        identity.map(TenantIdentity::allowedOrigins).orElse(List.of()), nodeOrigins.origins().stream().sorted().toList());
  }

  private CompletionStage<HttpResponse> check(Caller caller, JsonNode body) {
    Optional<URI> page = page(body.path("url").asText(""));
    if (page.isEmpty()) {
      return CompletableFuture.completedFuture(errors.response(ErrorCode.BAD_REQUEST,
          "url must be the address of a page, http:// or https://, e.g. https://www.acme.example/help"));
    }
    URI url = page.get();
    String origin = origin(url);
    boolean allowed = origins.of(caller.tenant()).allows(Optional.of(origin), "");
    List<String> keys = tenants.find(caller.tenant()).map(TenantIdentity::publishableKeys).orElse(List.of());
    return CompletableFuture.supplyAsync(() -> {
      CheckJson report;
      try {
        OutboundHttp.Answer answer = outbound.get(url, FETCH_TIMEOUT, MAX_PAGE_BYTES);
        if (!answer.successful()) {
          report = new CheckJson(url.toString(), origin, allowed, true, Optional.of(answer.status()),
              Optional.of(answer.status() / 100 == 3 ? "the page redirects elsewhere; check the address it redirects to"
                  : "the page answered " + answer.status()), List.of(), false, false, false);
        } else {
          List<TagJson> tags = WidgetTags.in(answer.body()).stream().map(t -> new TagJson(t.src(), t.tenant(), t.key())).toList();
          boolean tenantRight = tags.stream().anyMatch(t -> t.tenant().filter(caller.tenant()::equals).isPresent());
          boolean keyRight = tags.stream().anyMatch(t -> t.tenant().filter(caller.tenant()::equals).isPresent()
              && t.key().filter(keys::contains).isPresent());
          report = new CheckJson(url.toString(), origin, allowed, true, Optional.of(answer.status()), Optional.empty(),
              tags, !tags.isEmpty(), tenantRight, keyRight);
        }
      } catch (IOException e) {
        report = new CheckJson(url.toString(), origin, allowed, false, Optional.empty(), Optional.of(unreachable(e)),
            List.of(), false, false, false);
      }
      return bodies.response(StatusCodes.OK, report);
    }, blocking);
  }

  /** Why the page could not be read, in words an admin can act on (no stack, no internal address). */
  private static String unreachable(IOException failure) {
    return RefusedAddress.in(failure).map(refused -> "the node may not connect there: " + refused.getMessage())
        .orElseGet(() -> failure instanceof InterruptedIOException ? "the page did not answer within "
            + FETCH_TIMEOUT.toSeconds() + " seconds" : "the page could not be read: " + failure.getMessage());
  }

  private static Optional<URI> page(String text) {
    if (text.isBlank() || text.length() > MAX_URL) return Optional.empty();
    try {
      URI uri = new URI(text.strip());
      String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null
          ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The page's origin as its browser sends it: the scheme's default port left out. */
  static String origin(URI page) {
    String scheme = page.getScheme().toLowerCase(Locale.ROOT);
    int port = page.getPort();
    boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme + "://" + page.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }
}
