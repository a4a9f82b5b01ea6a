package io.parley.http.rest.staff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Decision;
import io.parley.core.identity.Role;
import io.parley.core.identity.staff.LinkSecret;
import io.parley.core.identity.staff.StaffAccount;
import io.parley.core.identity.staff.StaffAccountStore;
import io.parley.core.identity.staff.StaffLinks;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.persistence.desk.AgentProfile;
import io.parley.persistence.desk.JdbcAgentProfiles;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The staff accounts of the caller's tenant, for its admins: {@code GET /v1/staff} lists them;
 * {@code POST /v1/staff/invitations} answers a single-use link that makes an account for an email
 * with agent or admin roles, and the first name ({@code name}) customers then know the person by
 * until they choose a display name of their own; {@code POST /v1/staff/{id}/password-reset} answers a single-use link that
 * sets the account's password anew (its sessions end when it is followed); {@code DELETE
 * /v1/staff/{id}} removes an account, and signs it out everywhere. {@code GET /v1/staff/invitations}
 * lists the invitations not yet followed nor expired, {@code POST /v1/staff/invitations/{id}/withdraw}
 * withdraws one (its link no longer works) and {@code POST /v1/staff/invitations/{id}/resend}
 * replaces it by a new link for the same email and roles. A link is shown in the answer only:
 * the admin hands it to the person. An account holding a role the caller does not reach (an
 * operator's, for a tenant admin: {@link AccessPolicy#mayManageAccount}) is neither listed nor
 * found, as if it did not exist, and so is an invitation granting a role the caller does not hold.
 * Every change is recorded in the audit log, naming the account or the invitation's email.
 */
public final class StaffRoutes extends StoreRoutes {
  static final String INVITE = "staff.invite";
  static final String RESET = "staff.password_reset";
  static final String REMOVE = "staff.remove";
  static final String WITHDRAW = "staff.invitation_withdraw";
  static final String RESEND = "staff.invitation_resend";

  record AccountJson(String id, String email, List<String> roles, Instant createdAt) {
    static AccountJson of(StaffAccount account) {
      return new AccountJson(account.id(), account.email(), account.roles().stream().map(Role::wireName).sorted().toList(),
          account.createdAt());
    }
  }

  record AccountsJson(String tenant, List<AccountJson> accounts) {}

  record InvitationJson(String id, String email, List<String> roles, String createdBy, Instant createdAt, Instant expiresAt) {
    static InvitationJson of(StaffLinks.Invitation invitation) {
      return new InvitationJson(invitation.id(), invitation.email(), wireNames(invitation.roles()), invitation.createdBy(),
          invitation.createdAt(), invitation.expiresAt());
    }
  }

  record InvitationsJson(String tenant, List<InvitationJson> invitations) {}

  /** A link for the admin to hand over: it works once, until {@code expiresAt}. */
  record LinkJson(String kind, String email, List<String> roles, Instant expiresAt, String link) {}

  private final StaffAccountStore accounts;
  private final StaffLinks links;
  private final AccountLinks urls;
  private final JdbcAgentProfiles profiles;
  private final Clock clock;

  /** {@code profiles}: where an invitation's first name is kept as the display name, until the person sets their own. */
  public StaffRoutes(StaffAccountStore accounts, StaffLinks links, AccountLinks urls, JdbcAgentProfiles profiles,
      Callers callers, ObjectMapper json, Executor blocking, Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.profiles = profiles;
    this.accounts = accounts;
    this.links = links;
    this.urls = urls;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("staff"), () -> callers.caller(caller ->
        callers.permitted(caller, Action.MANAGE_STAFF, () -> concat(
            pathEnd(() -> get(() -> calls.call(() -> calls.json(StatusCodes.OK, new AccountsJson(caller.tenant(),
                manageable(caller).map(AccountJson::of).toList()))))),
            pathPrefix("invitations", () -> invitations(caller)),
            path(PathMatchers.segment().slash("password-reset"), id -> post(() ->
                callers.audit().recordedOn(caller, RESET, target -> extractRequest(request -> calls.call(() ->
                    find(caller, id).map(account -> {
                      target.accept(account.asTarget());
                      LinkSecret secret = links.reset(caller, account);
                      return calls.json(StatusCodes.CREATED, new LinkJson("reset", account.email(), List.of(),
                          clock.instant().plus(links.invitationFor()), urls.of(request, secret)));
                    }).orElseGet(this::notFound)))))),
            path(PathMatchers.segment(), id -> delete(() -> callers.audit().recordedOn(caller, REMOVE, target ->
                calls.call(() -> remove(caller, id, target)))))))));
  }

  private Route invitations(Caller caller) {
    return concat(
        pathEnd(() -> concat(
            get(() -> calls.call(() -> calls.json(StatusCodes.OK, new InvitationsJson(caller.tenant(),
                pendingFor(caller).map(InvitationJson::of).toList())))),
            post(() -> callers.audit().recordedOn(caller, INVITE, target ->
                calls.objectBody(body -> invite(caller, body, target)))))),
        path(PathMatchers.segment().slash("withdraw"), id -> post(() -> callers.audit().recordedOn(caller, WITHDRAW, target ->
            calls.call(() -> pendingFor(caller).filter(invitation -> invitation.id().equals(id)).findFirst()
                .flatMap(invitation -> {
                  target.accept(invitation.email());
                  return links.revoke(caller.tenant(), id);
                })
                .map(revoked -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT))
                .orElseGet(this::noInvitation))))),
        path(PathMatchers.segment().slash("resend"), id -> post(() -> callers.audit().recordedOn(caller, RESEND, target ->
            extractRequest(request -> calls.call(() -> resend(request, caller, id, target)))))));
  }

  /** A new link for the invitation {@code id}'s email and roles, the old one withdrawn first so that one link works at a time. */
  private HttpResponse resend(HttpRequest request, Caller caller, String id, Consumer<String> target) {
    Optional<StaffLinks.Invitation> pending = pendingFor(caller).filter(invitation -> invitation.id().equals(id)).findFirst();
    pending.ifPresent(invitation -> target.accept(invitation.email()));
    // A resend grants the roles anew: only one who may invite with them now may.
    Optional<Decision.Forbidden> forbidden = pending.map(invitation -> AccessPolicy.mayInvite(caller, invitation.roles()))
        .filter(Decision.Forbidden.class::isInstance).map(Decision.Forbidden.class::cast);
    if (forbidden.isPresent()) return calls.errors().response(ErrorCode.FORBIDDEN, forbidden.get().reason());
    Optional<StaffLinks.Invitation> revoked = pending.flatMap(invitation -> links.revoke(caller.tenant(), id));
    if (revoked.isEmpty()) return noInvitation();
    try {
      return invitationLink(request, links.invite(caller, revoked.get().email(), revoked.get().roles()), revoked.get().email(),
          revoked.get().roles());
    } catch (IllegalArgumentException e) {
      return calls.errors().response(ErrorCode.CONFLICT, e.getMessage());
    }
  }

  /** The tenant's pending invitations that {@code caller} may see and withdraw: those granting only roles it holds. */
  private Stream<StaffLinks.Invitation> pendingFor(Caller caller) {
    return links.pendingInvitations(caller.tenant()).stream()
        .filter(invitation -> AccessPolicy.mayManageAccount(caller.roles(), invitation.roles()));
  }

  private HttpResponse noInvitation() {
    return calls.errors().response(ErrorCode.NOT_FOUND, "no such pending invitation in this tenant: it may have been "
        + "followed, withdrawn or resent, or have expired");
  }

  private HttpResponse invitationLink(HttpRequest request, LinkSecret secret, String email, Set<Role> roles) {
    return calls.json(StatusCodes.CREATED, new LinkJson("invitation", email, wireNames(roles),
        clock.instant().plus(links.invitationFor()), urls.of(request, secret)));
  }

  private static List<String> wireNames(Set<Role> roles) {
    return roles.stream().map(Role::wireName).sorted().toList();
  }

  private HttpResponse remove(Caller caller, String id, Consumer<String> target) {
    Optional<StaffAccount> account = find(caller, id);
    if (account.isEmpty()) return notFound();
    target.accept(account.get().asTarget());
    if (caller.userId().equals(Optional.of(account.get().email()))) {
      return calls.errors().response(ErrorCode.CONFLICT, "you cannot remove your own account: another admin of the tenant can");
    }
    return accounts.remove(caller.tenant(), id) ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT) : notFound();
  }

  /** The tenant's accounts that {@code caller} may act on: an operator's only when it is an operator too. */
  private Stream<StaffAccount> manageable(Caller caller) {
    return accounts.list(caller.tenant()).stream()
        .filter(account -> AccessPolicy.mayManageAccount(caller.roles(), account.roles()));
  }

  /** The account {@code id} of the caller's tenant, if the caller may act on it: another is answered as one that does not exist. */
  private Optional<StaffAccount> find(Caller caller, String id) {
    return manageable(caller).filter(account -> account.id().equals(id)).findFirst();
  }

  private HttpResponse notFound() {
    return calls.errors().response(ErrorCode.NOT_FOUND, "no such staff account in this tenant");
  }

  private Route invite(Caller caller, JsonNode body, Consumer<String> target) {
    String email;
    AgentProfile named;
    Set<Role> roles = new HashSet<>();
    try {
      email = StaffLinks.requireEmail(StoreCalls.text(body, "email"));
      target.accept(email);
      named = AgentProfile.of(StoreCalls.optionalText(body, "name"), Optional.empty());
      JsonNode names = body.path("roles");
      if (!names.isArray() || names.isEmpty()) throw new IllegalArgumentException("roles must be a non-empty array of agent and admin");
      for (JsonNode name : names) {
        roles.add(Role.fromWireName(name.asText()).filter(role -> role == Role.AGENT || role == Role.ADMIN)
            .orElseThrow(() -> new IllegalArgumentException("roles must be agent or admin, got " + name)));
      }
    } catch (IllegalArgumentException e) {
      return complete(calls.errors().response(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
    return callers.allowed(caller, INVITE, AccessPolicy.mayInvite(caller, roles), () -> extractRequest(request ->
        calls.call(() -> {
          LinkSecret secret;
          try {
            secret = links.invite(caller, email, roles);
          } catch (IllegalArgumentException e) {
            return calls.errors().response(ErrorCode.CONFLICT, e.getMessage());
          }
          named.displayName().ifPresent(name -> nameInvited(caller.tenant(), email, name));
          return invitationLink(request, secret, email, roles);
        })));
  }

  /**
   * A staff member signs in as their email, which is never the name customers read: the first name
   * they were invited with is, until they choose a display name (a display name they chose stays).
   */
  private void nameInvited(String tenant, String email, String firstName) {
    AgentProfile profile = profiles.find(tenant, email);
    if (profile.displayName().isEmpty()) {
      profiles.save(tenant, email, new AgentProfile(Optional.of(firstName), profile.pictureUrl()), clock.instant());
    }
  }

  /** Where a link's page is: {@code <public URL or the request's own origin>/account#<secret>}. */
  public record AccountLinks(Optional<String> publicUrl) {
    String of(HttpRequest request, LinkSecret secret) {
      return at(origin(request), secret);
    }

    /** The page at {@code origin} that follows the invitation or reset link {@code secret}. */
    public static String at(String origin, LinkSecret secret) {
      return origin + "/account#" + secret.secret();
    }

    private String origin(HttpRequest request) {
      return publicUrl.orElseGet(() -> (io.parley.http.auth.SignInCookie.overTls(request) ? "https" : "http") + "://"
          + request.getHeader("Host").map(org.apache.pekko.http.javadsl.model.HttpHeader::value)
              .orElse(request.getUri().getHost().address() + ":" + request.getUri().getPort()));
    }
  }
}
