package io.parley.core.audit;

import io.parley.core.identity.Caller;
import io.parley.core.identity.Role;
import io.parley.core.session.SessionId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One line of a tenant's audit log: who ({@code actor}, with its {@code roles}) did what
 * ({@code action}) to which resource (its REST path, {@code /v1/kb/documents/42}) and, for a change
 * of a staff account, to whom ({@code target}), how it ended, in which request, and for a refusal why. It never holds what was written (a message, a document, a
 * ticket's text): only names and ids. Overlong values are cut, never refused: recording a request
 * must not be what fails it.
 *
 * @param actor {@link Caller#actor()}, or {@link #UNKNOWN_ACTOR} when the credential proved nobody
 * @param roles the caller's roles; none when unknown
 * @param action {@code kb.document.create}, {@code agent.take}; a refusal of a permission names the
 *     permission ({@code write_knowledge_base}); {@code authenticate} for a credential refused
 * @param target the person an action was done to: a staff account as {@code <email> (<id>)}, or the
 *     email an invitation is for; empty for every other action
 */
public record AuditEntry(String tenant, Instant at, String actor, Set<Role> roles, String action, String resource,
    AuditResult result, String requestId, Optional<String> reason, Optional<String> target) {
  public static final String UNKNOWN_ACTOR = "unknown";
  public static final int MAX_ACTOR = 200;
  public static final int MAX_RESOURCE = 300;
  public static final int MAX_REQUEST_ID = 128;
  public static final int MAX_REASON = 200;
  public static final int MAX_TARGET = 300;
  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_.]{0,63}");

  public AuditEntry {
    SessionId.requireTenant(tenant);
    if (at == null || result == null) throw new IllegalArgumentException("an audit entry has a time and a result");
    if (action == null || !ACTION.matcher(action).matches()) {
      throw new IllegalArgumentException("an audit action is 1-64 characters of a-z, 0-9, '_' and '.', got '" + action + "'");
    }
    roles = Set.copyOf(roles);
    actor = cut(actor, MAX_ACTOR);
    resource = cut(resource, MAX_RESOURCE);
    requestId = cut(requestId, MAX_REQUEST_ID);
    reason = reason.map(text -> cut(text, MAX_REASON)).filter(text -> !text.isEmpty());
    target = target.map(text -> cut(text, MAX_TARGET));
  }

  /** An entry of an action done to nobody in particular. */
  public AuditEntry(String tenant, Instant at, String actor, Set<Role> roles, String action, String resource,
      AuditResult result, String requestId, Optional<String> reason) {
    this(tenant, at, actor, roles, action, resource, result, requestId, reason, Optional.empty());
  }

  /** What {@code caller} did, at {@code at}, to {@code target} if to a person. */
  public static AuditEntry of(Caller caller, Instant at, String action, String resource, AuditResult result,
      String requestId, Optional<String> reason, Optional<String> target) {
    return new AuditEntry(caller.tenant(), at, caller.actor(), caller.roles(), action, resource, result, requestId, reason,
        target);
  }

  /** A request whose credential proved nobody, recorded in {@code tenant}. */
  public static AuditEntry unknown(String tenant, Instant at, String action, String resource, AuditResult result,
      String requestId, String reason) {
    return new AuditEntry(tenant, at, UNKNOWN_ACTOR, Set.of(), action, resource, result, requestId, Optional.of(reason));
  }

  /** Control characters become spaces (a log line stays one line), and the text is cut to {@code max} characters. */
  private static String cut(String text, int max) {
    String clean = text == null || text.isBlank() ? "-" : text.strip().replaceAll("\\p{Cntrl}", " ");
    return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
  }
}
