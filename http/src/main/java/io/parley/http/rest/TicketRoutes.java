package io.parley.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.persistence.desk.JdbcAgentProfiles;
import io.parley.tools.tickets.AssigneeFilter;
import io.parley.tools.tickets.NewTicket;
import io.parley.tools.tickets.Ticket;
import io.parley.tools.tickets.TicketChange;
import io.parley.tools.tickets.TicketIds;
import io.parley.tools.tickets.TicketPriority;
import io.parley.tools.tickets.TicketReply;
import io.parley.tools.tickets.TicketReplyDelivery;
import io.parley.tools.tickets.TicketStatus;
import io.parley.tools.tickets.TicketStore;
import io.parley.tools.tickets.TicketUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The tickets of the caller's tenant, for its agents and admins: {@code POST /v1/tickets} (idempotent on an optional {@code
 * Idempotency-Key} header), {@code GET /v1/tickets?status=&assignee=&limit=}, {@code GET} and {@code PATCH
 * /v1/tickets/{id}} where the id is {@code T-1042} or {@code 1042}, and {@code POST /v1/tickets/{id}/replies}
 * (a reply to the customer, in the conversation and by email). A thin translator to {@link
 * TicketStore}. A ticket is assigned by {@code "assignee": "me"} to the caller's agent id, the one
 * the agent console knows them by; {@code assignee=me} lists the caller's.
 */
public final class TicketRoutes extends StoreRoutes {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int DEFAULT_LIST_LIMIT = 50;
  private static final String ME = "me";

  /** {@code contact}: {@code email} when the customer left an address for replies (the address is not shown). */
  public record TicketJson(String id, long number, String tenant, Optional<String> sessionId, String subject, String description,
      String priority, String status, String expectedResponse, Instant createdAt, Instant updatedAt,
      Optional<String> assignee, Optional<String> contact, Optional<List<ChangeJson>> history,
      Optional<List<ReplyJson>> replies) {
    public static TicketJson of(Ticket ticket, Optional<List<TicketChange>> history) {
      return of(ticket, history, Optional.empty());
    }

    static TicketJson of(Ticket ticket, Optional<List<TicketChange>> history, Optional<List<TicketReply>> replies) {
      return new TicketJson(ticket.id(), ticket.number(), ticket.tenant(), ticket.sessionId(), ticket.subject(),
          ticket.description(), ticket.priority().wireName(), ticket.status().wireName(),
          ticket.priority().expectedResponse(), ticket.createdAt(), ticket.updatedAt(), ticket.assignee(),
          ticket.emailContact() ? Optional.of("email") : Optional.empty(),
          history.map(changes -> changes.stream().map(ChangeJson::of).toList()),
          replies.map(all -> all.stream().map(ReplyJson::of).toList()));
    }
  }

  /** A reply as staff read it: where it got to ({@code inConversation}, {@code mail}) and why an email failed. */
  record ReplyJson(int seq, String author, String authorName, String text, Instant createdAt, boolean inConversation,
      String mail, int attempts, Optional<String> lastError, Optional<Instant> sentAt) {
    static ReplyJson of(TicketReply reply) {
      return new ReplyJson(reply.seq(), reply.author(), reply.authorName(), reply.text(), reply.createdAt(),
          reply.inConversation(), reply.mail().wireName(), reply.attempts(), reply.lastError(), reply.sentAt());
    }
  }

  record ChangeJson(int seq, Instant at, String action, Optional<String> statusFrom, Optional<String> statusTo,
      Optional<String> priorityFrom, Optional<String> priorityTo, Optional<String> note, Optional<String> assignedTo) {
    static ChangeJson of(TicketChange change) {
      return new ChangeJson(change.seq(), change.at(), change.action(), change.statusFrom().map(TicketStatus::wireName),
          change.statusTo().map(TicketStatus::wireName), change.priorityFrom().map(TicketPriority::wireName),
          change.priorityTo().map(TicketPriority::wireName), change.note(), change.assignedTo());
    }
  }

  record TicketsJson(String tenant, List<TicketJson> tickets) {}

  static final int MAX_AUTHOR_NAME = 100;

  private final TicketStore tickets;
  private final TicketReplyDelivery replies;
  private final JdbcAgentProfiles profiles;

  public TicketRoutes(TicketStore tickets, TicketReplyDelivery replies, JdbcAgentProfiles profiles, Callers callers, StoreCalls calls) {
    super(callers, calls);
    this.tickets = tickets;
    this.replies = replies;
    this.profiles = profiles;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("tickets"), () -> callers.caller(caller -> {
      String tenant = caller.tenant();
      return concat(
        pathEnd(() -> concat(
            post(() -> callers.audited(caller, Action.WRITE_TICKETS, "ticket.create", () -> optionalHeaderValueByName(IDEMPOTENCY_KEY,
                key -> calls.objectBody(body -> calls.call(() -> create(tenant, body, key)))))),
            get(() -> callers.permitted(caller, Action.READ_TICKETS, () -> parameterOptional("status", status ->
                parameterOptional("assignee", assignee -> parameterOptional("limit", limit ->
                    calls.call(() -> list(caller, status, assignee, limit))))))))),
        path(PathMatchers.segment().slash("replies"), rawId -> TicketIds.parse(rawId)
            .map(number -> post(() -> callers.audited(caller, Action.WRITE_TICKETS, "ticket.reply", () ->
                calls.objectBody(body -> calls.call(() -> reply(caller, number, body))))))
            .orElseGet(() -> badId(rawId))),
        path(PathMatchers.segment(), rawId -> {
          Optional<Long> number = TicketIds.parse(rawId);
          if (number.isEmpty()) return badId(rawId);
          return concat(
              get(() -> callers.permitted(caller, Action.READ_TICKETS, () ->
                  calls.call(() -> withHistory(tenant, tickets.find(tenant, number.get()))))),
              patch(() -> callers.audited(caller, Action.WRITE_TICKETS, "ticket.update", () ->
                  calls.objectBody(body -> calls.call(() -> update(caller, number.get(), body))))));
        }));
    }));
  }

  private HttpResponse create(String tenant, JsonNode body, Optional<String> idempotencyKey) {
    NewTicket ticket = new NewTicket(StoreCalls.text(body, "subject"), StoreCalls.text(body, "description"),
        priority(StoreCalls.text(body, "priority")));
    Ticket created = tickets.create(tenant, ticket, Optional.empty(), idempotencyKey.map(String::strip)).ticket();
    return calls.json(StatusCodes.CREATED, TicketJson.of(created, Optional.of(tickets.history(tenant, created.number()))))
        .addHeader(Location.create("/v1/tickets/" + created.id() + "?tenant=" + tenant));
  }

  private HttpResponse list(Caller caller, Optional<String> status, Optional<String> assignee, Optional<String> rawLimit) {
    Optional<TicketStatus> filter = status.map(name -> TicketStatus.fromWireName(name).orElseThrow(() ->
        new IllegalArgumentException("status must be one of open, pending, resolved, closed, got '" + name + "'")));
    int limit;
    try {
      limit = rawLimit.map(Integer::parseInt).orElse(DEFAULT_LIST_LIMIT);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a whole number from 1 to " + TicketStore.MAX_LIST_LIMIT);
    }
    AssigneeFilter assigned = switch (assignee.orElse("")) {
      case "" -> new AssigneeFilter.Anyone();
      case "unassigned" -> new AssigneeFilter.Nobody();
      case ME -> new AssigneeFilter.Person(agentId(caller));
      default -> throw new IllegalArgumentException("assignee must be me or unassigned, got '" + assignee.get() + "'");
    };
    List<TicketJson> found = tickets.list(caller.tenant(), filter, assigned, limit).stream()
        .map(ticket -> TicketJson.of(ticket, Optional.empty())).toList();
    return calls.json(StatusCodes.OK, new TicketsJson(caller.tenant(), found));
  }

  /** Whom "me" is: the agent id the caller works under in the agent console. */
  private static String agentId(Caller caller) {
    return caller.agentId().orElseThrow(() ->
        new IllegalArgumentException("this credential names no person (a token without a subject): it has no tickets of its own"));
  }

  private HttpResponse update(Caller caller, long number, JsonNode body) {
    String tenant = caller.tenant();
    Optional<String> assignee = StoreCalls.optionalText(body, "assignee").map(name -> {
      if (!name.equals(ME)) {
        throw new IllegalArgumentException("assignee must be me: a ticket is assigned to whoever takes it, got '" + name + "'");
      }
      return agentId(caller);
    });
    TicketUpdate update = new TicketUpdate(
        StoreCalls.optionalText(body, "status").map(name -> TicketStatus.fromWireName(name).orElseThrow(() ->
            new IllegalArgumentException("status must be one of open, pending, resolved, closed, got '" + name + "'"))),
        StoreCalls.optionalText(body, "priority").map(TicketRoutes::priority),
        StoreCalls.optionalText(body, "note"), assignee);
    return withHistory(tenant, tickets.update(tenant, number, update));
  }

  private Route badId(String rawId) {
    return complete(calls.errors().response(ErrorCode.BAD_REQUEST,
        "a ticket id looks like T-1042 or 1042, got '" + rawId + "'"));
  }

  /**
   * A staff member's reply: stored first (the outbox), appended to the conversation at once, and
   * emailed by the next delivery round when the customer left an address and the node has SMTP.
   * {@code name} is the name the customer reads; without it, the display name of the agent's profile,
   * else its agent id.
   */
  private HttpResponse reply(Caller caller, long number, JsonNode body) {
    String tenant = caller.tenant();
    Optional<Ticket> ticket = tickets.find(tenant, number);
    if (ticket.isEmpty()) return calls.errors().response(ErrorCode.NOT_FOUND, "no such ticket in this tenant");
    if (ticket.get().sessionId().isEmpty()) {
      return calls.errors().response(ErrorCode.CONFLICT,
          "this ticket was opened through the API, with no conversation to reply in");
    }
    String author = agentId(caller);
    String name = StoreCalls.optionalText(body, "name").map(String::strip).filter(n -> !n.isEmpty())
        .orElseGet(() -> profiles.find(tenant, author).shownName(author));
    if (name.length() > MAX_AUTHOR_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("name must be at most " + MAX_AUTHOR_NAME + " characters, without control characters");
    }
    TicketReply stored = replies.replies().add(tenant, number, author, name, StoreCalls.text(body, "text"),
        ticket.get().emailContact() && replies.emails());
    return calls.json(StatusCodes.CREATED, ReplyJson.of(replies.appendNow(stored)));
  }

  private HttpResponse withHistory(String tenant, Optional<Ticket> ticket) {
    return ticket.map(found -> calls.json(StatusCodes.OK, TicketJson.of(found,
            Optional.of(tickets.history(tenant, found.number())),
            Optional.of(replies.replies().of(tenant, found.number())))))
        .orElseGet(() -> calls.errors().response(ErrorCode.NOT_FOUND, "no such ticket in this tenant"));
  }

  private static TicketPriority priority(String name) {
    return TicketPriority.fromWireName(name).orElseThrow(() ->
        new IllegalArgumentException("priority must be one of low, normal, high, urgent, got '" + name + "'"));
  }
}
