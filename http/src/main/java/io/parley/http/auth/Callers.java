package io.parley.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import io.parley.core.AsyncCause;
import io.parley.core.audit.AuditResult;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Action;
import io.parley.core.identity.Authentication;
import io.parley.core.identity.Authenticator;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Credential;
import io.parley.core.identity.Decision;
import io.parley.core.identity.UrlToken;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.http.rest.ApiError;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling, for every route of the main port: the credential of the request
 * ({@code Authorization: Bearer} with a token or API key, {@code X-Api-Key}, or on the WebSocket
 * upgrade, which browsers cannot give headers, a short-lived token as {@code ?token=}, the subprotocol
 * {@code bearer.<token>} or a publishable {@code ?key=}; else a staff member's {@link SignInCookie}, whose
 * changes must carry its CSRF token) is checked by the {@link Authenticator}; no valid credential
 * answers 401 {@code unauthorized}, a credential without the right answers 403 {@code forbidden}.
 * The tenant is the credential's; {@code ?tenant=} may only repeat it, or pick an open tenant for a
 * request without a credential. An API key may be one stored in the database: it is then checked
 * on the blocking dispatcher, never on the HTTP one. A token is checked in place, as it never waits
 * for the network: one whose issuer's keys are not known yet is refused with 401 and
 * {@code Retry-After} while they are read. Every 401 and 403 decided here is recorded in
 * the {@link Audit} log: a 401 in the tenant the credential claims or the request names (when the
 * node serves it), as actor {@code unknown}; a 403 in the caller's own tenant, naming the permission
 * it lacks. A caller of a disabled tenant is known, and refused with 403.
 *
 * @param clientAddressHeader the header a trusted proxy names the client in (none: the peer is the client)
 * @param blocking where stored API keys are looked up
 * @param audit where refusals go, and where routes record what callers do
 */
public record Callers(Authenticator authenticator, ApiError errors, Optional<String> clientAddressHeader,
    Executor blocking, Audit audit) {
  /** The subprotocol a WebSocket client offers, and the server answers, when it sends its token as a subprotocol. */
  public static final String WEBSOCKET_PROTOCOL = "parley.v1";
  /** The subprotocol that carries a token or API key on the WebSocket: {@code bearer.<credential>}. */
  static final String BEARER_PROTOCOL = "bearer.";
  private static final Logger LOG = LoggerFactory.getLogger(Callers.class);
  private static final String BEARER = "Bearer ";
  /** The audit action of a credential refused, or used for another tenant than its own. */
  public static final String AUTHENTICATE = "authenticate";
  /** The audit action of a request refused for coming with the sign-in cookie but without its CSRF token. */
  public static final String CSRF = "csrf";

  /**
   * Runs {@code inner} with the client's address: the last one in the proxy's header when one is
   * configured (the address that proxy saw; earlier ones are the client's to write), otherwise the
   * connection's peer. Empty when neither is known.
   */
  public Route clientAddress(Function<Optional<String>, Route> inner) {
    return extractRequest(request -> inner.apply(clientAddressHeader
        .map(header -> request.getHeader(header).map(HttpHeader::value)
            .map(value -> value.substring(value.lastIndexOf(',') + 1).strip())
            .filter(value -> !value.isEmpty()))
        .orElseGet(() -> request.getAttribute(AttributeKeys.remoteAddress)
            .flatMap(RemoteAddress::getAddress).map(InetAddress::getHostAddress))));
  }

  /**
   * Runs {@code inner} as the request's caller, or answers 400, 401 or 403 when there is none it may
   * act as. A credential in the URL ({@code ?token=}) is refused with 401 ({@link UrlToken}).
   */
  public Route caller(Function<Caller, Route> inner) {
    return caller(value -> Optional.of(UrlToken.REFUSED_ON_REST), inner);
  }

  /** As {@link #caller}, for a WebSocket upgrade: its URL may carry a short-lived token, as browsers can set no header there. */
  public Route socketCaller(Function<Caller, Route> inner) {
    return caller(value -> UrlToken.refusalOnSocket(value, Instant.now()), inner);
  }

  private Route caller(Function<String, Optional<String>> urlTokenRefusal, Function<Caller, Route> inner) {
    return extractRequest(request -> {
      Optional<String> tenant = request.getUri().query().get("tenant");
      if (tenant.isPresent() && !SessionId.isValidTenant(tenant.get())) {
        return complete(errors.response(ErrorCode.BAD_REQUEST,
            "tenant must be 1-63 characters of a-z, 0-9 and '-', got '" + tenant.get() + "'"));
      }
      Credential credential = credential(request);
      Optional<String> refused = request.getUri().query().get("token").flatMap(urlTokenRefusal);
      if (refused.isPresent()) return authenticated(request, credential, new Authentication.Refused(refused.get()), inner);
      ProvenCredential proved = ProvenCredential.of(request);
      Optional<Authentication> known = proved.result();
      if (known.isPresent()) return authenticated(request, credential, known.get(), inner);
      if (!Authenticator.mayBlock(credential)) {
        return authenticated(request, credential, proved.keep(authenticator.authenticate(credential, tenant)), inner);
      }
      return onComplete(CompletableFuture.supplyAsync(() -> authenticator.authenticate(credential, tenant), blocking),
          result -> {
            if (result.isSuccess()) return authenticated(request, credential, proved.keep(result.get()), inner);
            LOG.warn("a key or sign-in could not be looked up", AsyncCause.of(result.failed().get()));
            return complete(errors.response(ErrorCode.UNAVAILABLE, "the key store is unavailable; retry"));
          });
    });
  }

  private Route authenticated(HttpRequest request, Credential credential, Authentication result, Function<Caller, Route> inner) {
    Optional<String> tenant = request.getUri().query().get("tenant");
    if (result instanceof Authentication.Refused refused) {
      audit.refusedUnknown(authenticator.tenantToAudit(refused.claimedTenant(), tenant), request, AUTHENTICATE,
          AuditResult.UNAUTHORIZED, refused.reason());
      HttpResponse response = errors.response(401, "unauthorized", refused.reason())
          .addHeader(RawHeader.create("WWW-Authenticate", challenge(credential, refused)));
      return complete(refused.retryAfter().map(wait -> response.addHeader(
          RawHeader.create("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000))))).orElse(response));
    }
    Caller caller = ((Authentication.Authenticated) result).caller();
    if (credential instanceof Credential.StaffSession session && SignInCookie.changesState(request)
        && !SignInCookie.csrfMatches(request, session.secret())) {
      return forbidden(caller, CSRF, SignInCookie.CSRF_REFUSED);
    }
    if (authenticator.isDisabled(caller.tenant())) {
      return forbidden(caller, AUTHENTICATE, "tenant " + caller.tenant() + " is disabled: its operator turned it off; "
          + "its data is kept");
    }
    return allowed(caller, AUTHENTICATE, AccessPolicy.mayActIn(caller, tenant), () -> inner.apply(caller));
  }

  /**
   * {@code Bearer realm="parley"}, and for a bearer credential refused the RFC 6750 error with its
   * reason (e.g. {@code error="invalid_token", error_description="the issuer's keys are being fetched;
   * try again"}): the one place a client that reads no body learns why. The description may hold no
   * quote or backslash, nor anything but printable ASCII.
   */
  private static String challenge(Credential credential, Authentication.Refused refused) {
    if (!(credential instanceof Credential.Bearer)) return "Bearer realm=\"parley\"";
    String description = refused.reason().replace('"', '\'').replace('\\', '/').replaceAll("[^\\x20-\\x7e]", "?");
    return "Bearer realm=\"parley\", error=\"invalid_token\", error_description=\"" + description + "\"";
  }

  /** The tenant whose publishable key {@code key} is, if any. */
  public Optional<String> publishableTenant(String key) {
    return authenticator.publishableTenant(key);
  }

  /** Runs {@code inner} when the caller's roles allow {@code action}; a refusal is recorded under the action's name. */
  public Route permitted(Caller caller, Action action, Supplier<Route> inner) {
    return allowed(caller, action.wireName(), AccessPolicy.decide(caller, action), inner);
  }

  /**
   * Runs {@code inner} when the caller's roles allow {@code action}, recording its outcome, or the
   * refusal, as {@code auditAction} ({@code kb.document.create}): the one line an audited route needs.
   */
  public Route audited(Caller caller, Action action, String auditAction, Supplier<Route> inner) {
    return allowed(caller, auditAction, AccessPolicy.decide(caller, action), () -> audit.recorded(caller, auditAction, inner));
  }

  /**
   * Runs {@code inner} when {@code decision} allows it, else answers 403 {@code forbidden} with its
   * reason and records the refusal as {@code auditAction} of {@code caller}.
   */
  public Route allowed(Caller caller, String auditAction, Decision decision, Supplier<Route> inner) {
    return decision instanceof Decision.Forbidden forbidden ? forbidden(caller, auditAction, forbidden.reason()) : inner.get();
  }

  /** Answers 403 {@code forbidden} with {@code reason}, recording the refusal as {@code auditAction} of {@code caller}. */
  public Route forbidden(Caller caller, String auditAction, String reason) {
    return extractRequest(request -> {
      audit.refused(caller, request, auditAction, AuditResult.FORBIDDEN, reason);
      return complete(errors.response(ErrorCode.FORBIDDEN, reason));
    });
  }

  /**
   * Answers 403 {@code forbidden} to a request refused before its credential is read (the page's
   * origin), recorded as {@code auditAction} of an unknown caller in the tenant the request names.
   */
  public Route forbiddenBeforeSignIn(String auditAction, String reason) {
    return extractRequest(request -> {
      Optional<String> tenant = request.getUri().query().get("tenant");
      audit.refusedUnknown(authenticator.tenantToAudit(Optional.empty(), tenant), request, auditAction,
          AuditResult.FORBIDDEN, reason);
      return complete(errors.response(ErrorCode.FORBIDDEN, reason));
    });
  }

  private static Credential credential(HttpRequest request) {
    Optional<String> authorization = request.getHeader("Authorization").map(HttpHeader::value)
        .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
        .map(value -> value.substring(BEARER.length()).trim());
    Optional<String> bearer = authorization
        .or(() -> request.getHeader("X-Api-Key").map(HttpHeader::value))
        .or(() -> request.getUri().query().get("token"))
        .or(() -> protocolCredential(request));
    if (bearer.isPresent()) return new Credential.Bearer(bearer.get());
    return request.getUri().query().get("key").<Credential>map(Credential.PublishableKey::new)
        .or(() -> SignInCookie.secretOf(request).map(Credential.StaffSession::new))
        .orElseGet(Credential.None::new);
  }

  /** {@code bearer.<credential>} among the offered WebSocket subprotocols (browsers can set no other header). */
  private static Optional<String> protocolCredential(HttpRequest request) {
    return StreamSupport.stream(request.getHeaders().spliterator(), false)
        .filter(header -> header.is("sec-websocket-protocol"))
        .flatMap(header -> Arrays.stream(header.value().split(",")))
        .map(String::strip)
        .filter(protocol -> protocol.startsWith(BEARER_PROTOCOL) && protocol.length() > BEARER_PROTOCOL.length())
        .map(protocol -> protocol.substring(BEARER_PROTOCOL.length()))
        .findFirst();
  }
}
