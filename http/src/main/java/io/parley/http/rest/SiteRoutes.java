package io.parley.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.config.JsonEntryList;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.StoredTenant;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.identity.TenantIdentity;
import io.parley.core.identity.TenantIdentityList;
import io.parley.core.identity.TenantStore;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.cluster.TenantSync;
import io.parley.http.rest.tenant.TenantJson;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Where the caller's tenant may be chatted with from, for its admins: its publishable keys (which a
 * public help page embeds) and its allowed sites (the origins whose pages may open its sockets).
 * {@code GET /v1/site} shows them (each key itself, public by design, beside its fingerprint, so an admin
 * matches it with the {@code pk_...} a page carries); {@code POST
 * /v1/site/publishable-keys} makes a new key and answers it; {@code DELETE
 * /v1/site/publishable-keys/{fingerprint}} stops one being accepted; {@code PUT
 * /v1/site/allowed-origins} replaces the sites. A change rewrites only these fields of the tenant's
 * entry (the operator's other settings stay), stores it, and tells every node ({@link TenantSync}). A
 * tenant configured by {@code PARLEY_TENANTS} is read-only here (409); the default tenant, while
 * nothing configures it, gets an entry that keeps it open to anonymous customers.
 */
public final class SiteRoutes extends StoreRoutes {
  static final String CHANGE = "site.change";

  record SiteJson(String tenant, boolean editable, List<SiteKeyJson> publishableKeys, List<String> allowedOrigins) {}

  /** A publishable key as its tenant's admins see it: the key, and its fingerprint, which removes it. */
  record SiteKeyJson(String key, String fingerprint) {
    static SiteKeyJson of(String key) {
      return new SiteKeyJson(key, TenantJson.fingerprint(key));
    }
  }

  private final TenantDirectory directory;
  private final TenantStore store;
  private final TenantSync sync;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public SiteRoutes(TenantDirectory directory, TenantStore store, TenantSync sync, Callers callers, ObjectMapper json,
      Executor blocking, Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.directory = directory;
    this.store = store;
    this.sync = sync;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("site"), () -> callers.caller(caller ->
        callers.permitted(caller, Action.MANAGE_SITES, () -> concat(
            pathEnd(() -> get(() -> complete(calls.json(StatusCodes.OK, view(caller.tenant()))))),
            path("publishable-keys", () -> post(() -> callers.audit().recorded(caller, CHANGE, () -> calls.call(() -> {
              byte[] bits = new byte[24];
              random.nextBytes(bits);
              String key = "pk_" + caller.tenant() + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
              return change(caller, entry -> keys(entry, keys -> keys.add(key)),
                  StatusCodes.CREATED, SiteKeyJson.of(key));
            })))),
            path(PathMatchers.segment("publishable-keys").slash(PathMatchers.segment()), fingerprint ->
                delete(() -> callers.audit().recorded(caller, CHANGE, () -> calls.call(() -> {
                  if (directory.find(caller.tenant()).map(TenantIdentity::publishableKeys).orElse(List.of()).stream()
                      .noneMatch(key -> TenantJson.fingerprint(key).equals(fingerprint))) {
                    return calls.errors().response(ErrorCode.NOT_FOUND, "no publishable key of this tenant has the fingerprint "
                        + fingerprint);
                  }
                  return change(caller, entry -> keys(entry, keys -> {
                    for (int i = keys.size() - 1; i >= 0; i--) {
                      if (TenantJson.fingerprint(keys.get(i).asText()).equals(fingerprint)) keys.remove(i);
                    }
                  }), StatusCodes.OK, null);
                })))),
            path("allowed-origins", () -> put(() -> callers.audit().recorded(caller, CHANGE, () ->
                calls.objectBody(body -> calls.call(() -> {
                  JsonNode origins = body.path("allowedOrigins");
                  if (!origins.isArray()) {
                    return calls.errors().response(ErrorCode.BAD_REQUEST,
                        "allowedOrigins must be an array of sites such as \"https://www.acme.example\"");
                  }
                  return change(caller, entry -> entry.set("allowedOrigins", origins.deepCopy()), StatusCodes.OK, null);
                })))))))));
  }

  /** The entry with its publishable keys (both fields of the entry, now one list) edited. */
  private static ObjectNode keys(ObjectNode entry, Consumer<ArrayNode> edit) {
    ArrayNode keys = JsonNodeFactory.instance.arrayNode();
    JsonNode single = entry.remove("publishableKey");
    if (single != null && single.isTextual()) keys.add(single.asText());
    if (entry.get("publishableKeys") instanceof ArrayNode list) keys.addAll(list);
    edit.accept(keys);
    entry.set("publishableKeys", keys);
    return entry;
  }

  /**
   * Rewrites the tenant's entry with {@code edit}, checks it as the tenants API would, stores it and
   * answers {@code body} (the site as it now is, when null).
   */
  private HttpResponse change(Caller caller, UnaryOperator<ObjectNode> edit, org.apache.pekko.http.javadsl.model.StatusCode status,
      Object body) {
    String tenant = caller.tenant();
    if (directory.configures(tenant)) {
      return calls.errors().response(ErrorCode.CONFLICT, "the organisation " + tenant + " is configured by the node's "
          + "operator (PARLEY_TENANTS): its keys and sites are changed there");
    }
    Optional<StoredTenant> stored = directory.stored(tenant);
    ObjectNode entry = stored.map(found -> (ObjectNode) JsonEntryList.readTree(found.document()))
        .orElseGet(() -> openness(tenant));
    ObjectNode edited = edit.apply(entry);
    TenantIdentity identity;
    try {
      identity = TenantIdentityList.entry(tenant, edited);
      directory.requireKeysUnique(identity);
    } catch (IllegalArgumentException e) {
      return calls.errors().response(ErrorCode.BAD_REQUEST, e.getMessage().replaceFirst("^tenant " + tenant + ": ", ""));
    }
    StoredTenant next = new StoredTenant(tenant, edited.toString(), clock.instant(), caller.actor());
    try {
      if (stored.isPresent()) store.replace(next, identity.publishableKeys());
      else if (!store.create(next, identity.publishableKeys())) store.replace(next, identity.publishableKeys());
    } catch (TenantStore.PublishableKeyTaken e) {
      return calls.errors().response(ErrorCode.CONFLICT, e.getMessage());
    }
    directory.reload(store);
    sync.changed(tenant);
    return calls.json(status, body == null ? view(tenant) : body);
  }

  /** The entry of a tenant nothing configured yet: as open to anonymous customers as it was. */
  private ObjectNode openness(String tenant) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    if (directory.find(tenant).map(TenantIdentity::openToAnonymous).orElse(false)) entry.put("anonymousWithoutKey", true);
    return entry;
  }

  private SiteJson view(String tenant) {
    Optional<TenantIdentity> identity = directory.find(tenant);
    return new SiteJson(tenant, !directory.configures(tenant),
        identity.map(found -> found.publishableKeys().stream().map(SiteKeyJson::of).toList()).orElse(List.of()),
        identity.map(TenantIdentity::allowedOrigins).orElse(List.of()));
  }
}
