package io.parley.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Action;
import io.parley.core.identity.ApiKeyStore;
import io.parley.core.identity.Caller;
import io.parley.core.identity.NewApiKey;
import io.parley.core.identity.Role;
import io.parley.core.identity.StoredApiKey;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The API keys of the caller's tenant, for its admins: {@code POST /v1/keys} creates one and
 * answers its secret, the only time it is ever shown; {@code GET /v1/keys} lists them without
 * secrets; {@code DELETE /v1/keys/{id}} revokes one. Keys of a tenant's entry ({@code PARLEY_TENANTS}
 * or {@code PUT /v1/tenants}) are not listed and cannot be revoked here.
 */
public final class KeyRoutes extends StoreRoutes {
  private static final List<String> FIELDS = List.of("name", "roles", "expiresAt");

  record KeyJson(String id, String tenant, String name, List<String> roles, Instant createdAt, Optional<Instant> expiresAt,
      Optional<Instant> revokedAt, boolean active) {
    static KeyJson of(StoredApiKey key, Instant now) {
      return new KeyJson(key.id(), key.tenant(), key.name(), key.roles().stream().map(Role::wireName).sorted().toList(),
          key.createdAt(), key.expiresAt(), key.revokedAt(), key.activeAt(now));
    }
  }

  /** The answer to a creation: the key as listed, and its secret. */
  record CreatedJson(String id, String tenant, String name, List<String> roles, Instant createdAt,
      Optional<Instant> expiresAt, String key) {}

  record KeysJson(String tenant, List<KeyJson> keys) {}

  private record Request(String name, Set<Role> roles, Optional<Instant> expiresAt) {}

  private final ApiKeyStore keys;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  static final String CREATE = "api_key.create";
  static final String REVOKE = "api_key.revoke";

  public KeyRoutes(ApiKeyStore keys, ObjectMapper json, Callers callers, Executor blocking, Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.keys = keys;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("keys"), () -> callers.caller(caller ->
        callers.permitted(caller, Action.MANAGE_API_KEYS, () -> concat(
            pathEnd(() -> concat(
                post(() -> callers.audit().recorded(caller, CREATE, () -> calls.objectBody(body -> create(caller, body)))),
                get(() -> calls.call(() -> calls.json(StatusCodes.OK, new KeysJson(caller.tenant(),
                    keys.list(caller.tenant()).stream().map(key -> KeyJson.of(key, clock.instant())).toList())))))),
            path(PathMatchers.segment(), id -> delete(() -> callers.audit().recorded(caller, REVOKE, () -> calls.call(() ->
                keys.revoke(caller.tenant(), id, clock.instant())
                    .map(key -> calls.json(StatusCodes.OK, KeyJson.of(key, clock.instant())))
                    .orElseGet(() -> calls.errors().response(ErrorCode.NOT_FOUND, "no such API key in this tenant"))))))))));
  }

  private Route create(Caller caller, JsonNode body) {
    Request request;
    try {
      request = request(body);
    } catch (IllegalArgumentException e) {
      return complete(calls.errors().response(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
    return callers.allowed(caller, CREATE, AccessPolicy.mayGrant(caller, request.roles()), () -> calls.call(() -> {
      NewApiKey minted = NewApiKey.mint(caller.tenant(), request.name(), request.roles(), request.expiresAt(),
          clock.instant(), random);
      keys.add(minted.key(), minted.sha256());
      StoredApiKey key = minted.key();
      return calls.json(StatusCodes.CREATED, new CreatedJson(key.id(), key.tenant(), key.name(),
          key.roles().stream().map(Role::wireName).sorted().toList(), key.createdAt(), key.expiresAt(), minted.secret()));
    }));
  }

  private static Request request(JsonNode body) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field \"" + name + "\"; the fields are " + String.join(", ", FIELDS)
            + " (a key belongs to the caller's own tenant)");
      }
    }
    JsonNode roles = body.path("roles");
    if (!roles.isArray() || roles.isEmpty()) throw new IllegalArgumentException("roles must be a non-empty array of agent and admin");
    Set<Role> granted = new HashSet<>();
    for (JsonNode role : roles) {
      granted.add(Role.fromWireName(role.asText()).filter(r -> r == Role.AGENT || r == Role.ADMIN).orElseThrow(() ->
          new IllegalArgumentException("roles must be agent or admin, got " + role)));
    }
    Optional<Instant> expiresAt;
    try {
      expiresAt = StoreCalls.optionalText(body, "expiresAt").map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expiresAt must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
    }
    return new Request(StoreCalls.text(body, "name"), granted, expiresAt);
  }
}
