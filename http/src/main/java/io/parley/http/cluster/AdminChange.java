package io.parley.http.cluster;

import io.parley.core.CborSerializable;
import java.util.Locale;
import java.util.Optional;

/**
 * Something a tenant's admins see in the admin console changed: published by the node that made the
 * change, heard by every node's open change streams of that tenant ({@link AdminChanges}). It says
 * only which part changed; the console reads that part again through the API, so the message holds
 * no data of the tenant's.
 */
public record AdminChange(String tenant, Kind kind) implements CborSerializable {
  /** The parts of the admin console a change concerns, named on the wire by {@link #wireName}. */
  public enum Kind {
    /** The bot's configuration: its draft, versions, publishing and rollback; its evaluation cases. */
    CONFIG,
    /** The experiments: one started, stopped or promoted. */
    EXPERIMENTS,
    /** The knowledge base: its documents, sources, uploads, and a source's sync as it goes. */
    KNOWLEDGE,
    /** Who and what may reach the tenant: its API keys, publishable keys and sites, its staff. */
    TEAM,
    /**
     * The conversations: one begun (its customer's first message, from which the list and the
     * figures count it) or closed, never a later message; told by the conversations read model once
     * stored ({@code ConversationTurns}), not by a write of the API.
     */
    CONVERSATIONS;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The part of the console a successful write to {@code path} changed, if it is one the console shows live. */
  public static Optional<Kind> written(String path) {
    if (under(path, "/v1/config") || under(path, "/v1/evaluations/cases")) return Optional.of(Kind.CONFIG);
    if (under(path, "/v1/experiments")) return Optional.of(Kind.EXPERIMENTS);
    if (under(path, "/v1/kb")) return Optional.of(Kind.KNOWLEDGE);
    if (under(path, "/v1/keys") || under(path, "/v1/site") || under(path, "/v1/staff")) return Optional.of(Kind.TEAM);
    return Optional.empty();
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
