package io.parley.sessions.workflow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.AsyncCause;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.language.CustomerText;
import io.parley.core.privacy.Placeholders;
import io.parley.core.retry.Backoff;
import io.parley.persistence.PersistenceException;
import io.parley.tools.DatabaseFailures;
import io.parley.tools.StoreTool;
import io.parley.tools.tickets.NewTicket;
import io.parley.tools.tickets.Ticket;
import io.parley.tools.tickets.TicketIds;
import io.parley.tools.tickets.TicketPriority;
import io.parley.tools.tickets.TicketStatus;
import io.parley.tools.tickets.TicketStore;
import io.parley.tools.tickets.TicketUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Escalation to a person: (1) create a ticket (or take the conversation's open one: one open ticket per
 * conversation, {@link TicketStore#openForSession}), (2) tell the tenant's webhook, (3) tell the user the
 * ticket id and the expected response time, (4) ask for a person in the conversation (trigger
 * {@code escalation}): an agent online takes it from the queue, with the ticket beside it. If the
 * webhook refuses it or cannot be reached after its attempts, the ticket is closed again and the user
 * is told the escalation did not go through. Step 4 never fails for good: the ticket stands whatever
 * the queue says.
 *
 * <p>Input: {@code sessionId}, {@code reason} (the customer's words, sealed with the session's key:
 * {@link SealedInput}), {@code priority}, {@code at} (when it was asked for).
 */
public final class EscalationWorkflow {
  public static final String NAME = "escalation";
  public static final String CREATE_TICKET = "create-ticket";
  public static final String NOTIFY_WEBHOOK = "notify-webhook";
  public static final String NOTIFY_USER = "notify-user";
  public static final String ASK_FOR_AGENT = "ask-for-agent";
  public static final int WEBHOOK_ATTEMPTS = 5;
  // Well above the webhook's 10 s request timeout and a notice's ask timeout: it only ends a hung attempt.
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
  /** Marks a {@link #CREATE_TICKET} result naming the conversation's ticket opened before: the compensation keeps it. */
  static final String REUSED = " (the conversation's open ticket)";
  static final String CANCEL_NOTE = "escalation cancelled: the notification could not be delivered";

  private EscalationWorkflow() {}

  public static WorkflowDefinition definition(TicketStore tickets, SealedInput sealed, Webhooks webhooks,
      Notices notices, AgentRequests agents, Backoff backoff) {
    return new WorkflowDefinition(NAME, List.of(
        new WorkflowStep(CREATE_TICKET, StoreTool.MAX_ATTEMPTS + 2, ATTEMPT_TIMEOUT, backoff,
            ctx -> createTicket(tickets, sealed, ctx), Optional.of(ctx -> cancelTicket(tickets, notices, ctx))),
        new WorkflowStep(NOTIFY_WEBHOOK, WEBHOOK_ATTEMPTS, ATTEMPT_TIMEOUT, backoff,
            ctx -> notifyWebhook(tickets, sealed, webhooks, ctx), Optional.empty()),
        new WorkflowStep(NOTIFY_USER, 10, ATTEMPT_TIMEOUT, backoff, ctx -> notifyUser(tickets, notices, ctx),
            Optional.empty()),
        new WorkflowStep(ASK_FOR_AGENT, 3, ATTEMPT_TIMEOUT, backoff, ctx -> askForAgent(agents, ctx), Optional.empty())));
  }

  static TicketPriority priority(StepContext ctx) {
    return TicketPriority.fromWireName(ctx.input().getOrDefault("priority", "normal")).orElse(TicketPriority.NORMAL);
  }

  private static String reason(SealedInput sealed, StepContext ctx) {
    return sealed.open(ctx.tenant(), ctx.input("sessionId"), ctx.input("reason"))
        .orElseThrow(() -> new StepFailure("the conversation was erased before its ticket was made", false));
  }

  private static String subject(SealedInput sealed, StepContext ctx) {
    String reason = reason(sealed, ctx);
    return "Escalation: " + (reason.length() > 180 ? reason.substring(0, 180) : reason);
  }

  private static String createTicket(TicketStore tickets, SealedInput sealed, StepContext ctx) {
    String reason = reason(sealed, ctx);
    String subject = subject(sealed, ctx);
    try {
      TicketStore.Creation creation = tickets.openForSession(ctx.tenant(), new NewTicket(subject, reason, priority(ctx)),
          ctx.input("sessionId"), Optional.of(ctx.idempotencyKey()));
      Ticket ticket = creation.ticket();
      if (!creation.conversations()) return ticket.id();
      // The conversation has its ticket already (the server opened it when no agent came, or an earlier
      // escalation): this one adds its reason there, once however often the step runs, raises its priority
      // if it asks for more, and never closes it.
      tickets.noteOnce(ctx.tenant(), ticket.number(), "Escalation: " + reason);
      if (priority(ctx).compareTo(ticket.priority()) > 0) {
        tickets.update(ctx.tenant(), ticket.number(), new TicketUpdate(Optional.empty(), Optional.of(priority(ctx)),
            Optional.empty()));
      }
      return ticket.id() + REUSED;
    } catch (PersistenceException e) {
      throw new StepFailure("the ticket could not be created: " + e.getMessage(), DatabaseFailures.isTransient(e), e);
    } catch (IllegalArgumentException e) {
      throw new StepFailure("the ticket was refused: " + e.getMessage(), false, e);
    }
  }

  /** The ticket's id, as {@link #CREATE_TICKET} recorded it. */
  private static String ticketId(StepContext ctx) {
    return ctx.result(CREATE_TICKET).map(result -> result.replace(REUSED, ""))
        .orElseThrow(() -> new StepFailure("no ticket was created", false));
  }

  private static Ticket ticket(TicketStore tickets, StepContext ctx) {
    String id = ticketId(ctx);
    long number = TicketIds.parse(id).orElseThrow(() -> new StepFailure("not a ticket id: " + id, false));
    return tickets.find(ctx.tenant(), number).orElseThrow(() -> new StepFailure("ticket " + id + " is gone", false));
  }

  private static String notifyWebhook(TicketStore tickets, SealedInput sealed, Webhooks webhooks, StepContext ctx) {
    Optional<Webhooks.Webhook> hook = webhooks.of(ctx.tenant());
    if (hook.isEmpty()) return "skipped: the tenant has no webhook";
    Ticket ticket = ticket(tickets, ctx);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("event", "ticket.escalated");
    body.put("tenant", ctx.tenant());
    body.put("ticketId", ticket.id());
    body.put("sessionId", ctx.input("sessionId"));
    body.put("priority", ticket.priority().wireName());
    // The receiver is outside the node: it gets placeholders, and reads the ticket through the API. The
    // subject is this escalation's, also when the ticket was the conversation's already (opened for another reason).
    body.put("subject", Placeholders.numbering(List.of()).redact(subject(sealed, ctx)));
    body.put("at", ctx.input("at"));
    return "delivered: " + webhooks.deliver(hook.get(), body.toString(), ctx.idempotencyKey());
  }

  private static String notifyUser(TicketStore tickets, Notices notices, StepContext ctx) throws Exception {
    String id = ticketId(ctx);
    TicketPriority priority = priority(ctx);
    CustomerText text = new CustomerText("ticket.opened", Map.of("ticket", id),
        Map.of("priority", "ticket.priority." + priority.wireName(), "response", "ticket.response." + priority.wireName()));
    boolean told = notices.post(ctx.tenant(), ctx.input("sessionId"), ctx.workflowId(), text);
    return told ? "told the user" : "the session is not open; the user was not told";
  }

  private static String askForAgent(AgentRequests agents, StepContext ctx) {
    try {
      return agents.request(ctx.tenant(), ctx.input("sessionId"), HandoffTrigger.ESCALATION)
          ? "asked for a person" : "the session is not open; no person was asked for";
    } catch (Exception e) {
      // The ticket already reached the team: a queue that cannot be asked undoes nothing.
      return "no person was asked for: " + AsyncCause.describe(e);
    }
  }

  /** Compensation of {@link #CREATE_TICKET}: close the ticket, and say so honestly. */
  private static String cancelTicket(TicketStore tickets, Notices notices, StepContext ctx) throws Exception {
    Ticket ticket = ticket(tickets, ctx);
    if (ctx.result(CREATE_TICKET).orElse("").endsWith(REUSED)) return "kept " + ticket.id() + ": it was open before";
    if (ticket.status() != TicketStatus.CLOSED) {
      tickets.update(ctx.tenant(), ticket.number(),
          new TicketUpdate(Optional.of(TicketStatus.CLOSED), Optional.empty(), Optional.of(CANCEL_NOTE)));
    }
    notices.post(ctx.tenant(), ctx.input("sessionId"), ctx.workflowId() + "-cancelled",
        CustomerText.of("ticket.cancelled", Map.of("ticket", ticket.id())));
    return "closed " + ticket.id();
  }
}
