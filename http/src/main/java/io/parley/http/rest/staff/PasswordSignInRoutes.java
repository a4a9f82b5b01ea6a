package io.parley.http.rest.staff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.audit.AuditResult;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Role;
import io.parley.core.identity.StoredTenant;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.identity.TenantStore;
import io.parley.core.identity.staff.StaffAccount;
import io.parley.core.identity.staff.StaffLink;
import io.parley.core.identity.staff.StaffLinks;
import io.parley.core.identity.staff.StaffSignIn;
import io.parley.core.limits.SourceRate;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.http.auth.Audit;
import io.parley.http.auth.Callers;
import io.parley.http.auth.SignInCookie;
import io.parley.http.cluster.TenantSync;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Staff sign-in with an email and a password, and the links that make accounts:
 * {@code GET /v1/setup} says whether the node waits for its first-run setup (and where its link
 * is); {@code POST /v1/setup} follows the setup link from the node's log, making the first operator,
 * an admin of the tenant it names (made when no such tenant exists); {@code POST /v1/auth/sign-in}
 * and {@code POST /v1/auth/sign-out}; {@code POST /v1/auth/links} follows an invitation or a password
 * reset; {@code GET /v1/auth/session} says who the request's credential is. A sign-in answers the
 * {@link SignInCookie} and the CSRF token the console sends back. Attempts are limited per address;
 * every outcome is recorded in the audit log. The page that follows the links, at {@code /setup} and
 * {@code /account}, is the node's (the secret stays in the URL's fragment, which no request carries).
 */
public final class PasswordSignInRoutes extends StoreRoutes {
  static final String SETUP = "staff.setup";
  static final String SIGN_IN = "staff.sign_in";
  static final String SIGN_OUT = "staff.sign_out";
  static final String LINK = "staff.link";
  private static final String ATTEMPT = "staff.attempt";
  static final String TOO_MANY = "too many sign-in attempts from this address: wait ";
  private static final String UNKNOWN_ADDRESS = "unknown";

  /** Who the credential is; {@code csrfToken} only for a sign-in cookie, which must send it back on changes. */
  record SessionJson(String tenant, String actor, List<String> roles, Optional<String> email, Optional<String> csrfToken,
      Optional<Instant> expiresAt) {
    static SessionJson of(Caller caller, Optional<String> csrfToken, Optional<Instant> expiresAt) {
      return new SessionJson(caller.tenant(), caller.actor(), caller.roles().stream().map(Role::wireName).sorted().toList(),
          caller.actor().startsWith("staff:") ? caller.userId() : Optional.empty(), csrfToken, expiresAt);
    }
  }

  record SetupJson(boolean pending, Optional<String> defaultTenant, String hint) {}

  private final StaffSignIn signIn;
  private final StaffLinks links;
  private final TenantDirectory tenants;
  private final TenantStore tenantStore;
  private final TenantSync tenantSync;
  private final SourceRate attempts;
  private final boolean httpsPublicUrl;
  private final Clock clock;

  /** @param httpsPublicUrl whether the node's public address is https: its cookies are then always {@code Secure} */
  public PasswordSignInRoutes(StaffSignIn signIn, StaffLinks links, TenantDirectory tenants, TenantStore tenantStore,
      TenantSync tenantSync, Callers callers, ObjectMapper json, Executor blocking, SourceRate attempts,
      boolean httpsPublicUrl, Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.signIn = signIn;
    this.links = links;
    this.tenants = tenants;
    this.tenantStore = tenantStore;
    this.tenantSync = tenantSync;
    this.attempts = attempts;
    this.httpsPublicUrl = httpsPublicUrl;
    this.clock = clock;
  }

  public Route route() {
    return concat(
        path(PathMatchers.segment("v1").slash("setup"), () -> concat(
            get(() -> limited(() -> calls.call(this::setupState))),
            post(() -> limited(() -> calls.objectBody(this::setup))))),
        path(PathMatchers.segment("v1").slash("auth").slash("sign-in"), () -> post(() ->
            limited(() -> calls.objectBody(this::signIn)))),
        path(PathMatchers.segment("v1").slash("auth").slash("links"), () -> post(() ->
            limited(() -> calls.objectBody(this::followLink)))),
        path(PathMatchers.segment("v1").slash("auth").slash("sign-out"), () -> post(() -> callers.caller(caller ->
            callers.audit().recorded(caller, SIGN_OUT, () -> extractRequest(this::signOut))))),
        path(PathMatchers.segment("v1").slash("auth").slash("session"), () -> get(() -> callers.caller(caller ->
            extractRequest(request -> complete(noStore(calls.json(StatusCodes.OK,
                SessionJson.of(caller, cookieSecret(request).map(SignInCookie::csrfTokenOf), Optional.empty())))))))));
  }

  private HttpResponse setupState() {
    boolean pending = links.setupPending();
    return noStore(calls.json(StatusCodes.OK, new SetupJson(pending,
        pending ? Optional.of(tenants.defaultTenant()) : Optional.empty(), pending
            ? "nobody can sign in yet: the node's log holds a one-time setup link (look for \"First-run setup\"); "
                + "each node prints one when it starts, valid for a day"
            : "this node is set up: staff sign in with their email and password, or an API key")));
  }

  private Route signOut(HttpRequest request) {
    return calls.call(() -> {
      cookieSecret(request).ifPresent(signIn::signOut);
      return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT).addHeader(SignInCookie.clear(request, httpsPublicUrl));
    });
  }


  private Route setup(JsonNode body) {
    String link;
    String email;
    String password;
    String tenant;
    try {
      link = StoreCalls.text(body, "link");
      email = StoreCalls.text(body, "email");
      password = StoreCalls.text(body, "password");
      tenant = StoreCalls.optionalText(body, "tenant").map(String::strip).orElse(tenants.defaultTenant());
    } catch (IllegalArgumentException e) {
      return refused(SETUP, ErrorCode.BAD_REQUEST.httpStatus(), "bad_request", e.getMessage());
    }
    if (!SessionId.isValidTenant(tenant)) {
      return refused(SETUP, 400, "bad_request", "the organisation's name must be 1-63 characters of a-z, 0-9 and '-', "
          + "such as acme, got '" + tenant + "'");
    }
    if (tenants.isDisabled(tenant)) {
      return refused(SETUP, 409, "conflict", "the organisation " + tenant + " is disabled: pick another");
    }
    Optional<String> badInput = StaffLinks.weakPassword(password);
    try {
      StaffLinks.requireEmail(email);
    } catch (IllegalArgumentException e) {
      badInput = badInput.or(() -> Optional.of(e.getMessage()));
    }
    if (badInput.isPresent()) return refused(SETUP, 400, "bad_request", badInput.get());
    return extractRequest(request -> completeWithFuture(calls.answer(() -> {
      Optional<String> unusable = links.unusable(links.find(link), StaffLink.Kind.SETUP);
      if (unusable.isPresent()) return refusal(request, SETUP, 410, "link_unusable", unusable.get(), Optional.of(tenant));
      if (!tenants.serves(tenant)) {
        tenantStore.create(new StoredTenant(tenant, "{}", clock.instant(), "setup"), List.of());
        tenants.reload(tenantStore);
        tenantSync.changed(tenant);
      }
      return signedIn(request, SETUP, links.completeSetup(link, email, password, tenant), StatusCodes.CREATED);
    })));
  }

  private Route followLink(JsonNode body) {
    String link;
    String password;
    try {
      link = StoreCalls.text(body, "link");
      password = StoreCalls.text(body, "password");
    } catch (IllegalArgumentException e) {
      return refused(LINK, 400, "bad_request", e.getMessage());
    }
    return extractRequest(request -> completeWithFuture(calls.answer(() ->
        signedIn(request, LINK, links.accept(link, password), StatusCodes.OK))));
  }

  private HttpResponse signedIn(HttpRequest request, String action, StaffLinks.Outcome outcome,
      org.apache.pekko.http.javadsl.model.StatusCode status) {
    if (outcome instanceof StaffLinks.Outcome.Refused refused) {
      return refusal(request, action, refused.badInput() ? 400 : 410, refused.badInput() ? "bad_request" : "link_unusable",
          refused.reason(), Optional.empty());
    }
    StaffAccount account = ((StaffLinks.Outcome.Done) outcome).account();
    return session(request, action, signIn.start(account), status);
  }

  private Route signIn(JsonNode body) {
    String email;
    String password;
    Optional<String> tenant;
    try {
      email = StoreCalls.text(body, "email");
      password = StoreCalls.text(body, "password");
      tenant = StoreCalls.optionalText(body, "tenant").map(String::strip).filter(name -> !name.isEmpty());
    } catch (IllegalArgumentException e) {
      return refused(SIGN_IN, 400, "bad_request", e.getMessage());
    }
    return callers.clientAddress(address -> extractRequest(request -> completeWithFuture(calls.answer(() -> {
      StaffSignIn.Outcome outcome = signIn.signIn(email, password, address.orElse(UNKNOWN_ADDRESS), tenant);
      return switch (outcome) {
        case StaffSignIn.Outcome.SignedIn signedIn -> session(request, SIGN_IN, signedIn, StatusCodes.OK);
        case StaffSignIn.Outcome.Slowed slowed -> tooMany(request, slowed.reason(), slowed.retryAfter());
        case StaffSignIn.Outcome.Refused refused -> {
          boolean wrong = refused.reason().equals(StaffSignIn.WRONG_PASSWORD);
          yield refusal(request, SIGN_IN, wrong ? 401 : 403, wrong ? "unauthorized" : "forbidden", refused.reason(),
              refused.tenant());
        }
      };
    }))));
  }

  private HttpResponse session(HttpRequest request, String action, StaffSignIn.Outcome.SignedIn signedIn,
      org.apache.pekko.http.javadsl.model.StatusCode status) {
    Caller caller = signedIn.account().caller();
    callers.audit().record(caller, action, request.getUri().path(), AuditResult.OK, Audit.requestId(request), Optional.empty(),
        Optional.of(signedIn.account().asTarget()));
    String secret = signedIn.session().secret();
    return noStore(calls.json(status, SessionJson.of(caller, Optional.of(SignInCookie.csrfTokenOf(secret)),
        Optional.of(signedIn.expiresAt()))))
        .addHeader(SignInCookie.set(request, httpsPublicUrl, secret, Duration.between(clock.instant(), signedIn.expiresAt())));
  }

  /** Runs {@code inner} unless the address has made too many attempts lately: 429 with Retry-After, recorded. */
  private Route limited(Supplier<Route> inner) {
    return callers.clientAddress(address -> {
      Optional<Duration> wait = attempts.take(address.orElse(UNKNOWN_ADDRESS), clock.instant());
      if (wait.isEmpty()) return inner.get();
      return extractRequest(request -> complete(tooMany(request, TOO_MANY + seconds(wait.get())
          + " seconds, then try again", wait.get())));
    });
  }

  /** 429 with Retry-After, recorded as the limit per address. */
  private HttpResponse tooMany(HttpRequest request, String reason, Duration wait) {
    return refusal(request, ATTEMPT, 429, "rate_limited", reason, Optional.empty())
        .addHeader(RawHeader.create("Retry-After", Long.toString(seconds(wait))));
  }

  private static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private Route refused(String action, int status, String code, String reason) {
    return extractRequest(request -> complete(refusal(request, action, status, code, reason, Optional.empty())));
  }

  /** A refusal in the audit log of the account's tenant when one was found, else the default tenant's. */
  private HttpResponse refusal(HttpRequest request, String action, int status, String code, String reason,
      Optional<String> tenant) {
    callers.audit().refusedUnknown(tenant.filter(tenants::serves).orElse(tenants.defaultTenant()), request, action,
        AuditResult.ofStatus(status), reason);
    return noStore(calls.errors().response(status, code, reason));
  }

  private static Optional<String> cookieSecret(HttpRequest request) {
    return SignInCookie.secretOf(request);
  }

  private static HttpResponse noStore(HttpResponse response) {
    return response.addHeader(RawHeader.create("Cache-Control", "no-store"));
  }
}
