package io.parley.tools.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.tools.StoreTool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import java.util.Optional;

/**
 * {@code create_ticket}: opens a support ticket for the session's customer. Not idempotent by
 * nature, made safe by the invocation's idempotency key: every attempt and every re-run of one
 * tool call returns the same ticket, and the same content, so it is retried like the others.
 *
 * <p>Content: {@code {"ticket_id", "status", "priority", "subject", "expected_response"}}.
 * Summary: "Created T-1042".
 */
public final class CreateTicketTool extends StoreTool<TicketStore> {
  public static final String NAME = "create_ticket";

  private static final ToolDefinition DEFINITION = StoreTool.definition(NAME,
      "Open a support ticket so that a person from the support team follows up, when the customer's problem cannot"
          + " be solved in this chat (an order that is damaged, missing or wrong; a refund or exception that needs"
          + " approval; a problem with their account or a payment) or when they ask for a person. Tell the customer"
          + " what you will submit before you call it, call it once per problem, then give them the ticket id it"
          + " returns (like T-1042) and the expected response time.",
      false, """
          {
            "type": "object",
            "properties": {
              "subject": {
                "type": "string", "minLength": 3, "maxLength": 200,
                "description": "One line, e.g. 'Order 1042 arrived damaged'"
              },
              "description": {
                "type": "string", "minLength": 10, "maxLength": 4000,
                "description": "What happened and what the customer wants, with the order numbers, dates and contact details they gave"
              },
              "priority": {
                "type": "string", "enum": ["low", "normal", "high", "urgent"],
                "description": "urgent: the customer cannot use the service at all, or money is being lost right now; high: an order or payment problem blocking the customer; normal: most requests; low: questions and feedback without time pressure"
              }
            },
            "required": ["subject", "description", "priority"],
            "additionalProperties": false
          }
          """);

  public CreateTicketTool(TicketStore tickets) {
    super(DEFINITION, tickets,
        "The ticket could not be created right now; tell the customer, and offer the other contact options.");
  }

  @Override
  public ToolResult run(ToolInvocation invocation) {
    JsonNode arguments = invocation.arguments();
    NewTicket ticket;
    try {
      ticket = new NewTicket(arguments.path("subject").asText(), arguments.path("description").asText(),
          TicketPriority.fromWireName(arguments.path("priority").asText())
              .orElseThrow(() -> new IllegalArgumentException("priority must be one of low, normal, high, urgent")));
    } catch (IllegalArgumentException e) {
      throw refused("create_ticket was not run: " + e.getMessage());
    }
    Ticket created = fromStore(tickets -> tickets.create(invocation.tenant(), ticket,
        Optional.of(invocation.sessionId()), Optional.of(invocation.idempotencyKey()))).ticket();
    return new ToolResult(TicketJson.forModel(created, Optional.empty()).toString(), "Created " + created.id());
  }
}
