package io.parley.http.rest.staff;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.identity.OidcProvider;
import io.parley.core.identity.ProviderKeys;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.identity.TenantIdentity;
import io.parley.core.session.ErrorCode;
import io.parley.http.rest.ApiError;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/auth/oidc?tenant=}: how the agent console signs the tenant's staff in, public as it
 * is needed before anyone is signed in. The tenant's OpenID Connect provider, read from its discovery
 * document by the node (so the console needs no cross-origin read of it): issuer, the endpoints the
 * console sends people to and exchanges the code at, and the console's client id. Nothing secret:
 * the console is a public client, its code protected by PKCE. A tenant without a provider answers
 * {@code 404}, and its staff sign in with an API key. The document is the one {@link ProviderKeys}
 * keeps, read off the threads that serve requests: a public route cannot make the node hammer the
 * provider, nor wait for it longer than one bounded read.
 */
public record StaffSignInRoutes(TenantDirectory tenants, ObjectMapper json, ApiError errors, ProviderKeys providers) {

  public Route route() {
    return path(PathMatchers.segment("v1").slash("auth").slash("oidc"), () -> get(() ->
        parameterOptional("tenant", tenant -> {
          Optional<OidcProvider> provider = tenant.or(() -> Optional.of(tenants.defaultTenant()))
              .filter(name -> !tenants.isDisabled(name))
              .flatMap(tenants::find).flatMap(TenantIdentity::oidc);
          return provider.<Route>map(found -> completeWithFuture(signIn(found)))
              .orElseGet(() -> complete(errors.response(ErrorCode.NOT_FOUND,
                  "this tenant has no OpenID Connect provider here: its staff sign in with an API key")));
        })));
  }

  private CompletionStage<HttpResponse> signIn(OidcProvider provider) {
    return providers.discovery(provider.issuer()).handle((discovery, failure) -> {
      if (failure != null) {
        return errors.response(StatusCodes.BAD_GATEWAY.intValue(), "provider_unavailable",
            "the OpenID Connect provider " + provider.issuer() + " could not be read; try again");
      }
      ObjectNode body = json.createObjectNode()
          .put("issuer", discovery.issuer())
          .put("authorizationEndpoint", discovery.authorizationEndpoint())
          .put("tokenEndpoint", discovery.tokenEndpoint())
          .put("clientId", provider.clientId())
          .put("scope", "openid profile");
      discovery.endSessionEndpoint().ifPresent(endpoint -> body.put("endSessionEndpoint", endpoint));
      return HttpResponse.create().withStatus(StatusCodes.OK)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()))
          .addHeader(RawHeader.create("Cache-Control", "no-store"));
    });
  }
}
