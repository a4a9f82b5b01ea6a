package io.parley.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.WireName;
import java.util.Optional;

/**
 * What a person gave a tool call (docs/tools.md#approvals): whether they {@code approved} it, which gives a
 * confirmation its server asks for while it runs, and their {@code form} reply to the form of values its server asked
 * them to fill in (docs/tools.md#forms), which the call's next run gives the server.
 */
public record CallConsent(boolean approved, Optional<FormReply> form) {
  /** Nobody was asked. */
  public static final CallConsent NONE = new CallConsent(false, Optional.empty());
  /** Shorter values (a floor, a yes) say nothing of the customer and would match half of any text. */
  private static final int SHORTEST_REDACTED = 3;

  /**
   * {@code text} (what the call's server answered, which the model reads) with every value of the customer's form of
   * at least {@value #SHORTEST_REDACTED} characters replaced by its field's name in brackets, {@code [street]}: the
   * values are the customer's personal data, given to the server and to nobody else.
   */
  public String redacted(String text) {
    Optional<JsonNode> given = form.flatMap(FormReply::content);
    if (given.isEmpty() || text == null) return text;
    String redacted = text;
    for (var fields = given.get().properties().iterator(); fields.hasNext(); ) {
      var field = fields.next();
      String value = field.getValue().isValueNode() ? field.getValue().asText() : "";
      if (!field.getValue().isBoolean() && value.strip().length() >= SHORTEST_REDACTED) {
        redacted = redacted.replace(value.strip(), "[" + field.getKey() + "]");
      }
    }
    return redacted;
  }

  /**
   * A person's reply to a form: filled in ({@code accept}, with the {@code content} checked against the form),
   * declined, or never given ({@code cancel}: the question expired), as MCP's elicitation results name them.
   */
  public record FormReply(Action action, Optional<JsonNode> content) {
    public enum Action implements WireName {
      ACCEPT, DECLINE, CANCEL
    }
  }
}
