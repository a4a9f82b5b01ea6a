package io.parley.http.chat;

import io.parley.core.audit.AuditResult;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Decision;
import io.parley.core.language.Wording;
import io.parley.core.limits.SessionStartLimits;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.http.auth.Audit;
import io.parley.sessions.entity.SessionCommand;
import java.time.Instant;
import java.util.Optional;

/**
 * What a chat socket's caller may do with sessions, by {@link AccessPolicy} and the node's limits
 * on new sessions; each refusal for the caller's rights is recorded in the tenant's audit log with
 * the request id of the socket's upgrade.
 */
record ChatAccess(Caller caller, String requestId, Optional<String> clientAddress, Audit audit,
    SessionStartLimits starts) {
  /** What a {@code start} frame comes to, before any session is asked. */
  sealed interface Start {
    /** Follow session {@code id} of the caller's tenant from after {@code afterSeq} (the session checks whose it is). */
    record Resume(SessionId id, long afterSeq) implements Start {}

    /** Start session {@code id}, owned by {@code owner}. */
    record Create(SessionId id, Optional<String> owner) implements Start {}

    /** Tell the client {@code error}, and nothing else. */
    record Refused(ServerFrame.Error error) implements Start {}
  }

  /**
   * What {@code start} comes to. A new session counts against the address's guard against empty
   * sessions only; it counts as a conversation with its customer's first message ({@link #conversationStarts}).
   */
  Start start(ClientFrame.Start start) {
    String tenant = caller.tenant();
    if (start.sessionId().isPresent()) {
      try {
        return new Start.Resume(SessionId.of(tenant, start.sessionId().get()), start.resumeAfter().orElse(0));
      } catch (IllegalArgumentException e) {
        return new Start.Refused(ServerFrame.Error.of(ErrorCode.BAD_REQUEST, e.getMessage()));
      }
    }
    if (AccessPolicy.mayStart(caller, start.userId()) instanceof Decision.Forbidden forbidden) {
      refused("session.start", "/v1/sessions", forbidden.reason());
      return new Start.Refused(ServerFrame.Error.of(ErrorCode.FORBIDDEN, forbidden.reason()));
    }
    if (start.draft() && AccessPolicy.decide(caller, Action.CONFIGURE_BOT) instanceof Decision.Forbidden forbidden) {
      refused("session.start", "/v1/sessions", forbidden.reason());
      return new Start.Refused(ServerFrame.Error.of(ErrorCode.FORBIDDEN,
          "only those who configure the bot may start a session on its draft: " + forbidden.reason()));
    }
    // The guard against empty sessions answers before the session (and the tenant's language) is
    // known: a start that names its language is refused in it.
    Optional<SessionStartLimits.Refused> tooMany = starts.open(clientAddress, Instant.now());
    if (tooMany.isPresent()) {
      return new Start.Refused(ServerFrame.Error.of(start.language().isPresent()
          ? tooMany.get().refusal(Wording.of(start.language(), Optional.empty())) : tooMany.get().refusal()));
    }
    return new Start.Create(SessionId.random(tenant), AccessPolicy.ownerOfNewSession(caller, start.userId()));
  }

  /**
   * The customer's first message in a session this socket started: the conversation starts now, and
   * counts against the tenant's and the client address's limits on new conversations; a refusal is
   * worded in {@code wording}, the new conversation's.
   */
  Optional<ServerFrame.Error> conversationStarts(Wording wording) {
    return starts.start(caller.tenant(), clientAddress, Instant.now())
        .map(tooMany -> ServerFrame.Error.of(tooMany.refusal(wording)));
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

  /** Why the caller may not rate session {@code id}: only its customer rates it, not its staff; recorded when refused. */
  Optional<String> refusalToRate(SessionId id) {
    if (!caller.isStaff()) return Optional.empty();
    String reason = "only the conversation's customer rates it";
    refused("session.rate", "/v1/sessions/" + id.wireId() + "/rating", reason);
    return Optional.of(reason);
  }

  /** A join the session itself refused for the caller's rights. */
  void refusedJoin(SessionId id, String reason) {
    refused("session.join", "/v1/sessions/" + id.wireId(), reason);
  }

  private void refused(String action, String resource, String reason) {
    audit.record(caller, action, resource, AuditResult.FORBIDDEN, requestId, Optional.of(reason), Optional.empty());
  }
}
