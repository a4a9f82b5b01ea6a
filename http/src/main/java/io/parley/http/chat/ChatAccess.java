package io.parley.http.chat;

import io.parley.core.audit.AuditResult;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Decision;
import io.parley.core.session.SessionId;
import io.parley.http.auth.Audit;
import io.parley.sessions.SessionCommand;
import java.util.Optional;

/**
 * What a chat socket's caller may do with sessions, by {@link AccessPolicy}; each refusal is
 * recorded in the tenant's audit log with the request id of the socket's upgrade.
 */
final class ChatAccess {
  private final Caller caller;
  private final String requestId;
  private final Audit audit;

  ChatAccess(Caller caller, String requestId, Audit audit) {
    this.caller = caller;
    this.requestId = requestId;
    this.audit = audit;
  }

  /** Why the caller may not start the new session {@code start} asks for; recorded when it may not. */
  Optional<String> refusalToStart(ClientFrame.Start start) {
    if (AccessPolicy.mayStart(caller, start.userId()) instanceof Decision.Forbidden forbidden) {
      refused("session.start", "/v1/sessions", forbidden.reason());
      return Optional.of(forbidden.reason());
    }
    if (start.draft() && AccessPolicy.decide(caller, Action.CONFIGURE_BOT) instanceof Decision.Forbidden forbidden) {
      refused("session.start", "/v1/sessions", forbidden.reason());
      return Optional.of("only those who configure the bot may start a session on its draft: " + forbidden.reason());
    }
    return Optional.empty();
  }

  /** Whose the new session {@code start} asks for is. */
  Optional<String> ownerOfNewSession(ClientFrame.Start start) {
    return AccessPolicy.ownerOfNewSession(caller, start.userId());
  }

  /**
   * Who the socket follows a session as: a customer as itself, so that the session refuses one
   * that is not its own before it sends anything; staff as nobody in particular.
   */
  Optional<SessionCommand.Customer> follower() {
    return caller.isStaff() ? Optional.empty() : Optional.of(new SessionCommand.Customer(caller.userId()));
  }

  /** Why the caller may not use session {@code id}, owned by {@code owner}; recorded when it may not. */
  Optional<String> refusalToJoin(SessionId id, Optional<String> owner) {
    if (AccessPolicy.mayUseSession(caller, owner) instanceof Decision.Forbidden forbidden) {
      refusedJoin(id, forbidden.reason());
      return Optional.of(forbidden.reason());
    }
    return Optional.empty();
  }

  /** A join the session itself refused for the caller's rights. */
  void refusedJoin(SessionId id, String reason) {
    refused("session.join", "/v1/sessions/" + id.wireId(), reason);
  }

  private void refused(String action, String resource, String reason) {
    audit.record(caller, action, resource, AuditResult.FORBIDDEN, requestId, Optional.of(reason));
  }
}
