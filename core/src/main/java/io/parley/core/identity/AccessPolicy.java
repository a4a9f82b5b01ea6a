package io.parley.core.identity;

import java.util.Optional;
import java.util.Set;

/**
 * Who may do what on which resource, decided without I/O. The tenant is not decided here: every
 * resource is looked up under the caller's own tenant, so another tenant's resource is simply not
 * found. What is decided here is the role, and for customers, ownership: a session belongs to the
 * user it was started for, and an anonymous session to whoever holds its id.
 */
public final class AccessPolicy {
  private AccessPolicy() {}

  public static Decision decide(Set<Role> roles, Action action) {
    return action.allowedFor(roles) ? Decision.ALLOWED
        : new Decision.Forbidden("this credential may not " + action.description() + ": that takes the "
            + action.rolesAllowed() + " role, and it has " + Role.names(roles));
  }

  public static Decision decide(Caller caller, Action action) {
    return decide(caller.roles(), action);
  }

  /** A request naming a tenant must name the caller's own: a credential never reaches into another tenant. */
  public static Decision mayActIn(Caller caller, Optional<String> requestedTenant) {
    return requestedTenant.isEmpty() || requestedTenant.get().equals(caller.tenant()) ? Decision.ALLOWED
        : new Decision.Forbidden("this credential belongs to the organisation '" + caller.tenant() + "', not '"
            + requestedTenant.get() + "' that this request (or page) is for: sign in to '" + caller.tenant()
            + "' instead, or use a credential of '" + requestedTenant.get() + "'");
  }

  /**
   * Starting a session for {@code requestedUserId}: staff may name any user (a server starting a
   * conversation for a customer); a customer only itself, and an anonymous one nobody.
   */
  public static Decision mayStart(Caller caller, Optional<String> requestedUserId) {
    Decision byRole = decide(caller, Action.START_SESSION);
    if (byRole instanceof Decision.Forbidden || caller.isStaff() || requestedUserId.isEmpty()
        || requestedUserId.equals(caller.userId())) {
      return byRole;
    }
    return new Decision.Forbidden(caller.userId().isEmpty()
        ? "an anonymous customer cannot name a userId: sign the customer in with a token whose sub is the user"
        : "userId must be absent or equal to the token's subject");
  }

  /** Whom a session started by this caller belongs to: a customer's own user (none when anonymous), or whom staff named. */
  public static Optional<String> ownerOfNewSession(Caller caller, Optional<String> requestedUserId) {
    return caller.isStaff() ? requestedUserId : caller.userId();
  }

  /** Reading, writing to or closing a session whose owner is {@code owner} (empty: started anonymously). */
  public static Decision mayUseSession(Caller caller, Optional<String> owner) {
    Decision byRole = decide(caller, Action.USE_SESSION);
    if (byRole instanceof Decision.Forbidden || caller.isStaff() || owner.equals(caller.userId())) return byRole;
    return new Decision.Forbidden("this session belongs to another customer");
  }

  /**
   * Exporting everything held about a user (GDPR art. 15): an admin, or that user signed in. Agents
   * read memory and sessions for their work, but a whole export is the data subject's or an admin's.
   */
  public static Decision mayExportUser(Caller caller, String userId) {
    Decision byRole = decide(caller, Action.EXPORT_USER_DATA);
    if (byRole instanceof Decision.Forbidden || caller.isStaff() || caller.userId().equals(Optional.of(userId))) {
      return byRole;
    }
    return new Decision.Forbidden("a customer may export only its own data");
  }

  /** Reading what is held about a user: staff, or that user signed in. */
  public static Decision mayReadUser(Caller caller, String userId) {
    Decision byRole = decide(caller, Action.READ_USER_MEMORY);
    if (byRole instanceof Decision.Forbidden || caller.isStaff() || caller.userId().equals(Optional.of(userId))) {
      return byRole;
    }
    return new Decision.Forbidden("a customer may read only its own memory");
  }

  /** Correcting or forgetting what is remembered about {@code userId}: the tenant's staff, or that customer only. */
  public static Decision mayCorrectUserMemory(Caller caller, String userId) {
    Decision byRole = decide(caller, Action.CORRECT_USER_MEMORY);
    if (byRole instanceof Decision.Forbidden || caller.isStaff() || caller.userId().equals(Optional.of(userId))) {
      return byRole;
    }
    return new Decision.Forbidden("a customer may correct only its own memory");
  }

  /**
   * Creating an API key with {@code roles}: only agent and admin can be granted, and only by a
   * caller that may manage keys and holds a role at least as strong as each (an admin may grant
   * agent, since an admin may do all an agent may).
   */
  public static Decision mayGrant(Caller caller, Set<Role> roles) {
    return mayGive(caller, roles, Action.MANAGE_API_KEYS, "an API key's");
  }

  /** Inviting a person to the caller's tenant's staff with {@code roles}: as {@link #mayGrant}, for staff accounts. */
  public static Decision mayInvite(Caller caller, Set<Role> roles) {
    return mayGive(caller, roles, Action.MANAGE_STAFF, "a staff account's");
  }

  /**
   * Whether a holder of {@code by} may act on (see, reset, remove) a staff account holding
   * {@code account}: only when it reaches every role the account has. So a tenant's admin manages
   * its agents and admins, and an operator account, which manages every tenant, is out of reach of
   * everyone but an operator: a tenant admin who could reset its password would become the operator.
   */
  public static boolean mayManageAccount(Set<Role> by, Set<Role> account) {
    return account.stream().allMatch(role -> reaches(by, role));
  }

  private static Decision mayGive(Caller caller, Set<Role> roles, Action action, String whose) {
    Decision byRole = decide(caller, action);
    if (byRole instanceof Decision.Forbidden) return byRole;
    for (Role role : roles) {
      if (role != Role.AGENT && role != Role.ADMIN) {
        return new Decision.Forbidden(whose + " roles are agent and admin, not " + role.wireName());
      }
      if (!reaches(caller.roles(), role)) {
        return new Decision.Forbidden("this credential cannot grant the role " + role.wireName() + ", which it does not hold");
      }
    }
    return byRole;
  }

  /** One reaches the roles one holds, and an admin also an agent's (an admin may do all an agent may). */
  private static boolean reaches(Set<Role> holder, Role role) {
    return holder.contains(role) || role == Role.AGENT && holder.contains(Role.ADMIN);
  }
}
