package io.parley.tools.tickets;

import io.parley.tools.StoreTool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import java.util.Optional;

/**
 * {@code fetch_status}: where one of the tenant's tickets stands. Idempotent. A ticket that does
 * not exist (or is another tenant's) is a permanent failure, with a message that asks the model to
 * check the number with the customer.
 *
 * <p>Content: {@code {"ticket_id", "status", "priority", "subject", "created_at", "updated_at",
 * "expected_response", "last_note"?}}. Summary: "T-1042 is open".
 */
public final class FetchStatusTool extends StoreTool<TicketStore> {
  public static final String NAME = "fetch_status";

  private static final ToolDefinition DEFINITION = StoreTool.definition(NAME,
      "Look up an existing support ticket by its id, such as T-1042: its status (open: waiting for the support team;"
          + " pending: waiting for the customer or a third party; resolved; closed), priority, subject, when it was"
          + " last updated, the latest note from the support team, and how soon the team responds at its priority.",
      true, """
          {
            "type": "object",
            "properties": {
              "ticket_id": {
                "type": "string", "pattern": "^\\\\s*#?\\\\s*([Tt]\\\\s*-?\\\\s*)?[0-9]{1,15}\\\\s*$",
                "description": "The ticket id the customer gave, like T-1042 (1042 alone works too)"
              }
            },
            "required": ["ticket_id"],
            "additionalProperties": false
          }
          """);

  public FetchStatusTool(TicketStore tickets) {
    super(DEFINITION, tickets, "Tickets cannot be looked up right now; tell the customer, and offer to try again later.");
  }

  @Override
  public ToolResult run(ToolInvocation invocation) {
    String requested = invocation.arguments().path("ticket_id").asText();
    long number = TicketIds.parse(requested).orElseThrow(() -> refused(
        "'" + requested + "' is not a ticket id; ticket ids look like T-1042. Ask the customer for it."));
    Ticket found = fromStore(tickets -> tickets.find(invocation.tenant(), number)).orElseThrow(() -> refused(
        "There is no ticket " + TicketIds.format(number) + ". Check the number with the customer."));
    Optional<String> lastNote = fromStore(tickets -> tickets.history(invocation.tenant(), number)).stream()
        .map(TicketChange::note).flatMap(Optional::stream).reduce((first, second) -> second);
    return new ToolResult(TicketJson.forModel(found, lastNote).toString(),
        found.id() + " is " + found.status().wireName());
  }
}
