package io.parley.tools.tickets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A ticket as the model reads it: snake_case fields, the id as people write it, the response target in words. */
final class TicketJson {
  private TicketJson() {}

  static ObjectNode forModel(Ticket ticket, Optional<String> lastNote) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("ticket_id", ticket.id());
    json.put("status", ticket.status().wireName());
    json.put("priority", ticket.priority().wireName());
    json.put("subject", ticket.subject());
    json.put("created_at", ticket.createdAt().toString());
    json.put("updated_at", ticket.updatedAt().toString());
    json.put("expected_response", ticket.priority().expectedResponse());
    lastNote.ifPresent(note -> json.put("last_note", note));
    return json;
  }
}
