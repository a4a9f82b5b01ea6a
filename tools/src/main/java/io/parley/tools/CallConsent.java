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
