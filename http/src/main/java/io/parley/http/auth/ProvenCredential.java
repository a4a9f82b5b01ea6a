package io.parley.http.auth;

import io.parley.core.identity.Authentication;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * What a request's credential proved, kept on the request from the first route that reads its
 * caller ({@link Callers#caller}): a request can pass several route groups under one path prefix
 * before the one that serves it, and each reads the caller, while a stored key or a sign-in is a
 * read of the database. What wraps the routes reads the tenant it proved once they answered: the
 * access log, the CORS headers ({@link BrowserOrigins}), the consoles' change notices. The next
 * request checks its credential again, so a revoked key stops at once.
 */
public final class ProvenCredential {
  private static final AttributeKey<ProvenCredential> KEY =
      AttributeKey.create("parley-proven-credential", ProvenCredential.class);

  private volatile Authentication result;

  /** {@code request} with this, empty, for its routes to fill. */
  public HttpRequest on(HttpRequest request) {
    return request.addAttribute(KEY, this);
  }

  /** The one {@code request} carries; an empty one, which no route fills, when it carries none. */
  public static ProvenCredential of(HttpRequest request) {
    return request.getAttribute(KEY).orElseGet(ProvenCredential::new);
  }

  /** The tenant the credential proved, once a route has read the caller and it was one. */
  public Optional<String> tenant() {
    return result instanceof Authentication.Authenticated authenticated
        ? Optional.of(authenticated.caller().tenant()) : Optional.empty();
  }

  Optional<Authentication> result() {
    return Optional.ofNullable(result);
  }

  Authentication keep(Authentication proved) {
    result = proved;
    return proved;
  }
}
