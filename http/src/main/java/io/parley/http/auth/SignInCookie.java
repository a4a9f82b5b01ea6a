package io.parley.http.auth;

import io.parley.core.identity.Sha256;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The cookie a staff member's password sign-in leaves in the browser: {@code parley_session}, the
 * session's random secret, {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other
 * site's page sends it), and {@code Secure} whenever the request came over TLS, directly or through
 * a proxy saying so ({@code X-Forwarded-Proto: https}), and always when the node's public address
 * ({@code PARLEY_PUBLIC_URL}) is https: a TLS proxy that says nothing still gets a cookie no plain
 * HTTP request carries. Whoever sends {@code X-Forwarded-Proto} itself can only make its own cookie
 * stricter. A request it authenticates that changes
 * something must also carry {@code X-Csrf-Token}: a token derived from the secret, which the console
 * reads from the sign-in's answer (or {@code GET /v1/auth/session}) and no other site can learn.
 */
public final class SignInCookie {
  public static final String NAME = "parley_session";
  public static final String CSRF_HEADER = "X-Csrf-Token";
  static final String CSRF_REFUSED = "this request would change something and came with the sign-in cookie but without "
      + "its CSRF token (the " + CSRF_HEADER + " header the console sends): a page of another site cannot act for you; "
      + "if this was the console, reload it and try again";

  private SignInCookie() {}

  /** The session secret the request's cookie holds, if any. */
  public static Optional<String> secretOf(HttpRequest request) {
    return StreamSupport.stream(request.getHeaders().spliterator(), false)
        .filter(header -> header.is("cookie"))
        .flatMap(header -> java.util.Arrays.stream(header.value().split(";")))
        .map(String::strip)
        .filter(pair -> pair.startsWith(NAME + "="))
        .map(pair -> pair.substring(NAME.length() + 1))
        .filter(value -> !value.isEmpty())
        .findFirst();
  }

  /** The CSRF token of a session: the secret cannot be worked back from it. */
  public static String csrfTokenOf(String secret) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of("csrf:" + secret));
  }

  /** Whether the request may change something: any method but GET, HEAD and OPTIONS. */
  static boolean changesState(HttpRequest request) {
    String method = request.method().value();
    return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
  }

  static boolean csrfMatches(HttpRequest request, String secret) {
    return request.getHeader(CSRF_HEADER).map(HttpHeader::value)
        .filter(token -> MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
            csrfTokenOf(secret).getBytes(StandardCharsets.UTF_8)))
        .isPresent();
  }

  /**
   * {@code Set-Cookie} for a new session, kept by the browser for {@code maxAge}; {@code httpsPublicUrl}:
   * the node's public address is https.
   */
  public static HttpHeader set(HttpRequest request, boolean httpsPublicUrl, String secret, Duration maxAge) {
    return cookie(httpsPublicUrl || overTls(request), secret, maxAge.toSeconds());
  }

  /** {@code Set-Cookie} that makes the browser forget the session. */
  public static HttpHeader clear(HttpRequest request, boolean httpsPublicUrl) {
    return cookie(httpsPublicUrl || overTls(request), "", 0);
  }

  private static HttpHeader cookie(boolean secure, String value, long maxAgeSeconds) {
    return RawHeader.create("Set-Cookie", NAME + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
  }

  public static boolean overTls(HttpRequest request) {
    return "https".equals(request.getUri().getScheme())
        || request.getHeader("X-Forwarded-Proto").map(HttpHeader::value).map(String::strip).filter("https"::equalsIgnoreCase)
            .isPresent();
  }
}
