package io.parley.core.identity;

import io.parley.core.config.JsonEntryList;
import io.parley.core.erasure.RetentionPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants a node serves now: those of {@code PARLEY_TENANTS}, which win for the tenants they
 * name, and those created through the API ({@link TenantStore}), replaced whole on each
 * {@link #reload}. Reads are lock-free (one immutable snapshot), so every request may ask.
 */
public final class TenantDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(TenantDirectory.class);

  /** A stored tenant as last read: its entry's text, so that an unchanged one keeps its parsed identity. */
  private record Loaded(StoredTenant stored, TenantIdentity identity) {}

  private final IdentitySettings configured;
  private final List<Consumer<String>> disabledListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Collection<TenantIdentity>>> reloadListeners = new CopyOnWriteArrayList<>();
  private volatile Map<String, Loaded> stored = Map.of();
  private volatile Map<String, TenantIdentity> tenants;

  public TenantDirectory(IdentitySettings configured) {
    this.configured = configured;
    this.tenants = configured.tenants();
  }

  public String defaultTenant() {
    return configured.defaultTenant();
  }

  public Optional<TenantIdentity> find(String tenant) {
    return Optional.ofNullable(tenants.get(tenant));
  }

  public Collection<TenantIdentity> all() {
    return tenants.values();
  }

  public boolean serves(String tenant) {
    return tenants.containsKey(tenant);
  }

  public boolean isDisabled(String tenant) {
    TenantIdentity identity = tenants.get(tenant);
    return identity != null && identity.disabled();
  }

  /** Whether anyone who reaches the node may chat in the default tenant without a credential. */
  public boolean defaultTenantIsOpen() {
    return find(defaultTenant()).filter(TenantIdentity::openToAnonymous).isPresent();
  }

  /**
   * The start-up log's word on the default tenant: open (a warning: anyone reaching the node may
   * chat there, at the tenant's cost in model calls; the line says how to close it), or closed.
   * Read after the stored tenants, which may configure it.
   */
  public String defaultTenantOpenness() {
    String tenant = defaultTenant();
    return defaultTenantIsOpen()
        ? "The default tenant " + tenant + " is open: anyone who reaches this node may chat in it without a credential. "
            + "Unless that is meant (a public demo), give it an entry in PARLEY_TENANTS without anonymousWithoutKey, "
            + "or set PARLEY_DEFAULT_TENANT to a tenant configured there (docs/security.md)"
        : "The default tenant " + tenant + " is closed: its customers need a token, an API key or a publishable key";
  }

  /**
   * Whether {@code PARLEY_TENANTS} names {@code tenant}: its entry there wins over the API's. The
   * default tenant is open without being named; the API may configure it.
   */
  public boolean configures(String tenant) {
    TenantIdentity identity = configured.tenants().get(tenant);
    return identity != null
        && !(tenant.equals(configured.defaultTenant()) && identity.equals(TenantIdentity.open(tenant)));
  }

  /** The stored entry of {@code tenant} (its secrets too: never send it anywhere as it is). */
  public Optional<StoredTenant> stored(String tenant) {
    return Optional.ofNullable(stored.get(tenant)).map(Loaded::stored);
  }

  /** The {@code retentionDays} of each tenant of the API that sets it (PARLEY_TENANTS's are the retention settings'). */
  public Map<String, Integer> apiRetentionDays() {
    Map<String, Integer> days = new LinkedHashMap<>();
    stored.forEach((name, loaded) -> {
      // Read when the entry was stored, so it reads now; the name is a tenant name, safe in JSON.
      if (!configures(name)) days.putAll(RetentionPolicy.tenantDays("{\"" + name + "\": " + loaded.stored().document() + "}"));
    });
    return days;
  }

  /** Calls {@code listener} with each tenant that becomes disabled (on the thread that reloads). */
  public void onDisabled(Consumer<String> listener) {
    disabledListeners.add(listener);
  }

  /** Calls {@code listener} with the tenants served after each reload (on the thread that reloads). */
  public void onReloaded(Consumer<Collection<TenantIdentity>> listener) {
    reloadListeners.add(listener);
  }

  /**
   * Reads the stored tenants again; blocks on the store. Reads are serialised with the lock, so a
   * slow read can never replace a newer one. An entry that no longer reads (written by a newer
   * version, say) keeps its last identity, and is logged.
   */
  public synchronized void reload(TenantStore store) {
    List<StoredTenant> latest = store.all();
    Map<String, Loaded> before = stored;
    Map<String, Loaded> next = new LinkedHashMap<>();
    for (StoredTenant tenant : latest) {
      Loaded known = before.get(tenant.tenant());
      if (known != null && known.stored().document().equals(tenant.document())) {
        next.put(tenant.tenant(), new Loaded(tenant, known.identity()));
        continue;
      }
      try {
        next.put(tenant.tenant(), new Loaded(tenant,
            TenantIdentityList.entry(tenant.tenant(), JsonEntryList.readTree(tenant.document()))));
      } catch (IllegalArgumentException e) {
        LOG.error("The stored entry of tenant {} does not read; it is left as it was: {}", tenant.tenant(), e.getMessage());
        if (known != null) next.put(tenant.tenant(), known);
      }
    }
    Map<String, TenantIdentity> previous = tenants;
    Map<String, TenantIdentity> merged = new LinkedHashMap<>(configured.tenants());
    next.forEach((name, loaded) -> {
      if (!configures(name)) merged.put(name, loaded.identity());
    });
    stored = Map.copyOf(next);
    tenants = Map.copyOf(merged);
    List<String> disabled = new ArrayList<>();
    merged.forEach((name, identity) -> {
      TenantIdentity was = previous.get(name);
      if (identity.disabled() && (was == null || !was.disabled())) disabled.add(name);
    });
    disabled.forEach(tenant -> disabledListeners.forEach(listener -> listener.accept(tenant)));
    Collection<TenantIdentity> served = tenants.values();
    reloadListeners.forEach(listener -> listener.accept(served));
  }

  /**
   * Checks that {@code candidate} may join the tenants served now, in place of the one of its name:
   * no key of it belongs to another tenant.
   *
   * @throws IllegalArgumentException naming the tenant that holds the key already
   */
  public void requireKeysUnique(TenantIdentity candidate) {
    Map<String, TenantIdentity> next = new LinkedHashMap<>(tenants);
    next.remove(candidate.tenant());
    next.put(candidate.tenant(), candidate);
    TenantIdentityList.requireUnique(next.values());
  }

}
