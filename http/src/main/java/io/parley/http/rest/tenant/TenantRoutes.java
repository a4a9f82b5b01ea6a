package io.parley.http.rest.tenant;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditLog;
import io.parley.core.audit.AuditResult;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Role;
import io.parley.core.identity.StoredTenant;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.identity.TenantIdentity;
import io.parley.core.identity.TenantIdentityList;
import io.parley.core.identity.TenantStore;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.http.auth.Audit;
import io.parley.http.auth.Callers;
import io.parley.http.auth.SignInCookie;
import io.parley.http.cluster.OpsToken;
import io.parley.http.cluster.TenantSync;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants, for the operator alone: the bearer of the operator token ({@code Authorization: Bearer
 * $PARLEY_OPS_TOKEN}, as on the management port), or a staff member signed in with the operator role
 * (whose changes carry the CSRF token, as every change made with the sign-in cookie does):
 * {@code PUT /v1/tenants/{tenant}} creates (201) or replaces (200) one from an
 * entry of the same form as one of {@code PARLEY_TENANTS}, {@code If-None-Match: *} making it a
 * create only (409 when it exists); {@code GET /v1/tenants} and {@code GET /v1/tenants/{tenant}}
 * show them without their keys and secret. A tenant named in {@code PARLEY_TENANTS} is read-only
 * here (409): the setting wins. Every change is stored, then announced to every node
 * ({@link TenantSync}), and recorded in the tenant's audit log, naming the account
 * ({@code staff:<email>}) or {@code operator} for the token, and in the operator's
 * ({@code io.parley.http.management}, beside the management port's).
 */
public final class TenantRoutes extends StoreRoutes {
  private static final Logger OPERATOR_LOG = LoggerFactory.getLogger("io.parley.http.management");
  private static final String REALM = "parley-ops";
  static final String ACTOR = "operator";
  static final String CREATE = "tenant.create";
  static final String REPLACE = "tenant.replace";
  static final String DISABLE = "tenant.disable";

  private final TenantDirectory directory;
  private final TenantStore store;
  private final TenantSync sync;
  private final Optional<OpsToken> opsToken;
  private final AuditLog auditLog;
  private final ObjectMapper json;
  private final Clock clock;

  public TenantRoutes(TenantDirectory directory, TenantStore store, TenantSync sync, Optional<OpsToken> opsToken,
      Callers callers, AuditLog auditLog, ObjectMapper json, Executor blocking, Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.directory = directory;
    this.store = store;
    this.sync = sync;
    this.opsToken = opsToken;
    this.auditLog = auditLog;
    this.json = json;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("tenants"), () -> logged(() -> concat(
        pathEnd(() -> get(() -> operator(new AtomicReference<>(), () -> complete(calls.json(StatusCodes.OK, new TenantJson.TenantsJson(
            directory.all().stream().sorted(Comparator.comparing(TenantIdentity::tenant)).map(this::view).toList())))))),
        path(PathMatchers.segment(), tenant -> concat(
            get(() -> operator(new AtomicReference<>(), () -> directory.find(tenant)
                .map(identity -> complete(calls.json(StatusCodes.OK, view(identity))))
                .orElseGet(() -> complete(calls.errors().response(ErrorCode.NOT_FOUND, "no tenant " + tenant))))),
            put(() -> audited(tenant, who -> operator(who, () -> calls.objectBody(body -> put(tenant, body, who.get()))))))))));
  }

  private Route put(String tenant, JsonNode body, Operator operator) {
    if (!SessionId.isValidTenant(tenant)) {
      return complete(calls.errors().response(ErrorCode.BAD_REQUEST,
          "tenant names are 1-63 characters of a-z, 0-9 and '-', got '" + tenant + "'"));
    }
    if (directory.configures(tenant)) {
      return complete(calls.errors().response(ErrorCode.CONFLICT, "tenant " + tenant
          + " is configured by PARLEY_TENANTS, which wins over the API: change it there, or remove it there first"));
    }
    TenantIdentity identity;
    try {
      identity = TenantIdentityList.entry(tenant, body);
    } catch (IllegalArgumentException e) {
      return complete(calls.errors().response(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
    try {
      directory.requireKeysUnique(identity);
    } catch (IllegalArgumentException e) {
      return complete(calls.errors().response(ErrorCode.CONFLICT, e.getMessage()));
    }
    return optionalHeaderValueByName("If-None-Match", ifNoneMatch -> calls.call(() -> {
      StoredTenant stored = new StoredTenant(tenant, body.toString(), clock.instant(), operator.actor());
      boolean createOnly = ifNoneMatch.map(String::strip).filter("*"::equals).isPresent();
      boolean created;
      try {
        if (createOnly) {
          if (!store.create(stored, identity.publishableKeys())) {
            return calls.errors().response(ErrorCode.CONFLICT, "tenant " + tenant + " exists (If-None-Match: *)");
          }
          created = true;
        } else {
          created = !store.replace(stored, identity.publishableKeys());
        }
      } catch (TenantStore.PublishableKeyTaken e) {
        // Another node stored the key for another tenant since this node's directory last read them.
        return calls.errors().response(ErrorCode.CONFLICT, e.getMessage());
      }
      // This node at once, so the answer holds here; every other node once it hears of it.
      directory.reload(store);
      sync.changed(tenant);
      HttpResponse response = calls.json(created ? StatusCodes.CREATED : StatusCodes.OK,
          view(directory.find(tenant).orElse(identity)));
      return created ? response.addHeader(Location.create("/v1/tenants/" + tenant)) : response;
    }));
  }

  private TenantJson view(TenantIdentity identity) {
    return TenantJson.of(identity, directory.stored(identity.tenant()), directory.configures(identity.tenant()));
  }

  /**
   * Runs {@code inner} for the operator, noting in {@code who} who it is: the operator token's bearer,
   * or a signed-in staff member with the operator role (another one is refused with 403 naming the role
   * it lacks, as every route refuses). 401 with a challenge for anyone else, and 403 for a token on a
   * node where none is set.
   */
  private Route operator(AtomicReference<Operator> who, Supplier<Route> inner) {
    return extractRequest(request -> {
      Optional<String> bearer = request.getHeader("Authorization").map(HttpHeader::value)
          .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7)).map(value -> value.substring(7).trim());
      if (bearer.isEmpty() && SignInCookie.secretOf(request).isPresent()) {
        return callers.caller(caller -> {
          who.set(Operator.of(caller));
          return callers.permitted(caller, Action.MANAGE_TENANTS, inner);
        });
      }
      if (bearer.isPresent() && opsToken.isEmpty()) {
        return complete(calls.errors().response(ErrorCode.FORBIDDEN, "no operator token is set on this node "
            + "(PARLEY_OPS_TOKEN): sign in with an account that has the operator role instead, or set the token"));
      }
      if (bearer.isPresent() && opsToken.get().matches(bearer.get())) {
        who.set(Operator.TOKEN);
        return inner.get();
      }
      return complete(calls.errors().response(401, "unauthorized", "managing tenants takes the operator: "
              + "sign in with an account that has the operator role, or send the operator token "
              + "(Authorization: Bearer $PARLEY_OPS_TOKEN)")
          .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"")));
    });
  }

  /**
   * Records a change's outcome in the tenant's audit log, when the node serves that tenant before
   * or after it: as the operator's who made it (or was refused), else as an unknown caller's.
   */
  private Route audited(String tenant, Function<AtomicReference<Operator>, Route> inner) {
    boolean servedBefore = directory.serves(tenant);
    boolean disabledBefore = directory.isDisabled(tenant);
    return extractRequest(request -> {
      AtomicReference<Operator> who = new AtomicReference<>();
      return mapResponse(response -> {
        int status = response.status().intValue();
        if (SessionId.isValidTenant(tenant) && (servedBefore || directory.serves(tenant))) {
          auditLog.append(entry(tenant, request, status, action(tenant, request, status, servedBefore, disabledBefore),
              reasonOf(response), Optional.ofNullable(who.get())));
        }
        return response;
      }, () -> inner.apply(who));
    });
  }

  /** {@code tenant.disable} when the change disabled it, else a create (asked for, or made) or a replace. */
  private String action(String tenant, HttpRequest request, int status, boolean existed, boolean wasDisabled) {
    if (status < 300 && directory.isDisabled(tenant) && !wasDisabled) return DISABLE;
    boolean createOnly = request.getHeader("If-None-Match").map(header -> header.value().strip()).filter("*"::equals)
        .isPresent();
    return status == 201 || createOnly || !existed ? CREATE : REPLACE;
  }

  /** A refusal's message, which names a field or a conflict and never quotes a secret. */
  private Optional<String> reasonOf(HttpResponse response) {
    if (response.status().intValue() < 400 || !(response.entity() instanceof HttpEntity.Strict strict)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readTree(strict.getData().utf8String()).path("error").path("message").asText())
          .filter(message -> !message.isEmpty());
    } catch (java.io.IOException notJson) {
      return Optional.empty();
    }
  }

  private AuditEntry entry(String tenant, HttpRequest request, int status, String action, Optional<String> reason,
      Optional<Operator> who) {
    return new AuditEntry(tenant, clock.instant(), who.map(Operator::actor).orElse(AuditEntry.UNKNOWN_ACTOR),
        who.map(Operator::roles).orElse(Set.of()), action, request.getUri().path(),
        AuditResult.ofStatus(status), Audit.requestId(request), reason);
  }

  /** Who asked for a change, as the audit log names them: {@code operator} for the token, {@code staff:<email>} for an account. */
  private record Operator(String actor, Set<Role> roles) {
    static final Operator TOKEN = new Operator(ACTOR, Set.of(Role.OPERATOR));

    static Operator of(Caller caller) {
      return new Operator(caller.actor(), caller.roles());
    }
  }

  /** The operator's log: one line per request, as the management port writes for its own routes. */
  private Route logged(Supplier<Route> inner) {
    return extractRequest(request -> mapResponse(response -> {
      OPERATOR_LOG.info("{} {} {}", request.method().value(), request.getUri().path(), response.status().intValue(),
          kv("status", response.status().intValue()), kv("requestId", Audit.requestId(request)));
      return response;
    }, inner));
  }
}
