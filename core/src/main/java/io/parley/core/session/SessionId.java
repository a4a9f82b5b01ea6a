package io.parley.core.session;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A conversation's identity: its tenant plus a UUID. The tenant is part of every key (entity id,
 * persistence id, archive key), so one tenant can never address another tenant's session.
 */
public record SessionId(String tenant, UUID uuid) {
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public SessionId {
    requireTenant(tenant);
    if (uuid == null) throw new IllegalArgumentException("uuid is required");
  }

  public static SessionId random(String tenant) {
    return new SessionId(tenant, UUID.randomUUID());
  }

  /** Parses the sharding entity id form {@code <tenant>/<uuid>}. */
  public static SessionId fromEntityId(String entityId) {
    int slash = entityId.indexOf('/');
    if (slash < 0) throw new IllegalArgumentException("expected <tenant>/<uuid>, got '" + entityId + "'");
    return new SessionId(entityId.substring(0, slash), parseUuid(entityId.substring(slash + 1)));
  }

  /** Parses the wire form of a session id (the UUID) within a tenant. */
  public static SessionId of(String tenant, String uuid) {
    return new SessionId(tenant, parseUuid(uuid));
  }

  public static boolean isValidTenant(String tenant) {
    return tenant != null && TENANT.matcher(tenant).matches();
  }

  public static String requireTenant(String tenant) {
    if (!isValidTenant(tenant)) {
      throw new IllegalArgumentException(
          "tenant must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit, got '" + tenant + "'");
    }
    return tenant;
  }

  private static UUID parseUuid(String text) {
    try {
      UUID uuid = UUID.fromString(text);
      // UUID.fromString accepts shortened groups; only the canonical 36-character form is an id.
      if (!uuid.toString().equalsIgnoreCase(text)) throw new IllegalArgumentException();
      return uuid;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("session id must be a UUID, got '" + text + "'");
    }
  }

  public String entityId() {
    return tenant + "/" + uuid;
  }

  /** The id clients see: tenants are implied by the connection, never taken from the id. */
  public String wireId() {
    return uuid.toString();
  }

  @Override
  public String toString() {
    return entityId();
  }
}
