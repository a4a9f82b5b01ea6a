package io.parley.core.identity;

import java.util.Optional;
import java.util.Set;

/**
 * Who made a request, as its credential proved: the tenant it acts in (never chosen by the request
 * itself), the signed-in user ({@code sub} of a token) if any, its roles, and the name the audit
 * log gives it ({@code actor}): {@code token:<sub>} (or {@code token} for a token without one),
 * {@code key:<name>} for an API key, or {@code anonymous}. The prefixes keep a token whose subject
 * reads like a key's name from passing for that key in the log.
 */
public record Caller(String tenant, Optional<String> userId, Set<Role> roles, String actor) {
  public static final String ANONYMOUS = "anonymous";
  private static final String KEY_ACTOR = "key:";

  public Caller {
    roles = Set.copyOf(roles);
    if (roles.isEmpty()) throw new IllegalArgumentException("a caller has at least one role");
    if (actor == null || actor.isBlank()) throw new IllegalArgumentException("a caller has an actor name");
  }

  /** A customer nobody signed in: it may chat, in sessions it holds the id of, and has no long-term memory. */
  public static Caller anonymous(String tenant) {
    return new Caller(tenant, Optional.empty(), Set.of(Role.CUSTOMER), ANONYMOUS);
  }

  /** The bearer of a verified token, signed in as its {@code sub} when it has one. */
  public static Caller ofToken(String tenant, Optional<String> subject, Set<Role> roles) {
    return new Caller(tenant, subject, roles, subject.map(sub -> "token:" + sub).orElse("token"));
  }

  /** The holder of the API key named {@code keyName}: it acts for nobody in particular. */
  public static Caller ofApiKey(String tenant, String keyName, Set<Role> roles) {
    return new Caller(tenant, Optional.empty(), roles, KEY_ACTOR + keyName);
  }

  /**
   * Whom the caller is in the agent console: a token's subject, or an API key (everyone holding the
   * key is then the same agent, which suits a shared helpdesk account but not people one by one).
   */
  public Optional<String> agentId() {
    return userId.or(() -> actor.startsWith(KEY_ACTOR) ? Optional.of(actor) : Optional.empty());
  }

  /** An agent or admin: acts on any of the tenant's sessions, not only its own. */
  public boolean isStaff() {
    return roles.contains(Role.AGENT) || roles.contains(Role.ADMIN);
  }
}
