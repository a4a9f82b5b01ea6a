package io.parley.tools;

/**
 * A call whose server asked, while it ran, for a person's confirmation that the call could not give: the server's
 * {@code question} (an MCP 2026-07-28 server's {@code input_required} form of yes-or-no fields), which the session puts
 * to the customer as an approval (docs/tools.md#approvals); the call runs again once the customer approved it, with
 * the confirmation given. Permanent: asking again would only ask again. Where nobody can be asked (a procedure's
 * step), it is a failure the model reads. A form of values is a {@link FormAsked}.
 */
public sealed class ConfirmationAsked extends ToolFailure permits FormAsked {
  private final String question;

  public ConfirmationAsked(String toolName, String question) {
    super(toolName + " was not run: its server asks for the customer's confirmation (" + question
        + "), which only the customer can give", false);
    this.question = question;
  }

  public String question() {
    return question;
  }
}
