package io.parley.core.identity;

import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Turns what a request presents into the {@link Caller} it proves: a token, an API key, a
 * publishable key, or nothing (anonymous, only in a tenant open to it). The tenant always comes
 * from the credential; a request without one may only name a tenant that is open. API keys are the
 * configured ones ({@code PARLEY_TENANTS} and the tenants of the API), then those created through the
 * API ({@link ApiKeyStore}), read on every use so that a revocation holds at once on every node. The
 * tenants are those of the {@link TenantDirectory} at the time of each request.
 */
public final class Authenticator {
  private final TenantDirectory tenants;
  private final TokenVerifier tokens;
  private final ApiKeyStore storedKeys;
  private final StaffSessions staffSessions;
  private final Clock clock;

  public Authenticator(TenantDirectory tenants, TokenVerifier tokens, ApiKeyStore storedKeys, Clock clock) {
    this(tenants, tokens, storedKeys, StaffSessions.NONE, clock);
  }

  public Authenticator(TenantDirectory tenants, TokenVerifier tokens, ApiKeyStore storedKeys, StaffSessions staffSessions,
      Clock clock) {
    this.tenants = tenants;
    this.tokens = tokens;
    this.storedKeys = storedKeys;
    this.staffSessions = staffSessions;
    this.clock = clock;
  }

  /** Whether checking {@code credential} may read the key store, and so must run off the HTTP dispatcher. */
  public static boolean mayBlock(Credential credential) {
    return credential instanceof Credential.Bearer bearer && !TokenVerifier.looksLikeToken(bearer.value())
        || credential instanceof Credential.StaffSession;
  }

  /**
   * Blocks on the key store when {@link #mayBlock} says so.
   *
   * @param requestedTenant the tenant the request names, if any (used only when the credential names none) */
  public Authentication authenticate(Credential credential, Optional<String> requestedTenant) {
    if (credential instanceof Credential.Bearer bearer) {
      return TokenVerifier.looksLikeToken(bearer.value()) ? tokens.verify(bearer.value()) : apiKey(bearer.value());
    }
    if (credential instanceof Credential.PublishableKey key) return publishable(key.value());
    if (credential instanceof Credential.StaffSession session) {
      return staffSessions.caller(session.secret())
          .<Authentication>map(Authentication.Authenticated::new)
          .orElseGet(() -> new Authentication.Refused("your sign-in has ended (signed out, expired, or the account's "
              + "password was reset or the account removed): sign in again"));
    }
    String tenant = requestedTenant.orElse(tenants.defaultTenant());
    return tenants.find(tenant).filter(TenantIdentity::openToAnonymous).isPresent()
        ? new Authentication.Authenticated(Caller.anonymous(tenant))
        : new Authentication.Refused("tenant '" + tenant + "' needs a credential: a token (Authorization: Bearer, "
            + "or ?token= on the WebSocket), an API key, or its publishable key (?key=)");
  }

  /** Whether {@code tenant} is disabled: its callers are known, and refused. */
  public boolean isDisabled(String tenant) {
    return tenants.isDisabled(tenant);
  }

  /**
   * Whose audit log records a request refused before anyone was recognised: the tenant its
   * credential claims ({@link Authentication.Refused#claimedTenant()}), else the one it names, else
   * the default tenant. Only tenants this node serves get entries, so a request naming made-up
   * tenants cannot fill the log with them.
   */
  public String tenantToAudit(Optional<String> claimedTenant, Optional<String> requestedTenant) {
    return claimedTenant.filter(tenants::serves)
        .or(() -> requestedTenant.filter(tenants::serves))
        .orElse(tenants.defaultTenant());
  }

  private Authentication apiKey(String presented) {
    if (presented.length() > TokenVerifier.MAX_TOKEN_CHARS) return new Authentication.Refused("unknown API key");
    byte[] digest = Sha256.of(presented);
    for (TenantIdentity tenant : tenants.all()) {
      for (ApiKey key : tenant.apiKeys()) {
        if (key.matches(digest)) {
          return new Authentication.Authenticated(Caller.ofApiKey(tenant.tenant(), key.name(), key.roles()));
        }
      }
    }
    return storedKeys.findBySha256(HexFormat.of().formatHex(digest))
        .filter(key -> key.activeAt(clock.instant()))
        .<Authentication>map(key -> new Authentication.Authenticated(Caller.ofApiKey(key.tenant(), key.name(), key.roles())))
        .orElseGet(() -> new Authentication.Refused("unknown, revoked or expired API key"));
  }

  private Authentication publishable(String presented) {
    return publishableTenant(presented)
        .<Authentication>map(tenant -> new Authentication.Authenticated(Caller.anonymous(tenant)))
        .orElseGet(() -> new Authentication.Refused("unknown publishable key"));
  }

  /** The tenant whose publishable key {@code presented} is, if any (compared by digest, in constant time). */
  public Optional<String> publishableTenant(String presented) {
    byte[] digest = Sha256.of(presented);
    return tenants.all().stream()
        .filter(identity -> identity.publishableKeys().stream()
            .anyMatch(key -> java.security.MessageDigest.isEqual(Sha256.of(key), digest)))
        .findFirst()
        .map(TenantIdentity::tenant);
  }
}
