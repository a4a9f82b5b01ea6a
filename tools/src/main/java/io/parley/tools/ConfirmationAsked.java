package io.parley.tools;

import io.parley.core.form.AskedForm;

/**
 * A call whose server asked, while it ran, for a person's confirmation that the call could not give: the server's
 * {@code question} (an MCP 2026-07-28 server's {@code input_required} form of yes-or-no fields), which the session puts
 * to the customer as an approval (docs/tools.md#approvals); the call runs again once the customer approved it, with
 * the confirmation given. Permanent: asking again would only ask again. Where nobody can be asked (a procedure's
 * step), it is a failure the model reads. A form of values is a {@link FormAsked}.
 */
public sealed class ConfirmationAsked extends ToolFailure {
  private final String question;

  public ConfirmationAsked(String toolName, String question) {
    super(toolName + " was not run: its server asks for the customer's confirmation (" + question
        + "), which only the customer can give", false);
    this.question = question;
  }

  public String question() {
    return question;
  }

  /**
   * A call whose server asked, while it ran, for values only the customer can give: the {@code form} of an MCP
   * 2026-07-28 server's {@code input_required} round (docs/tools.md#forms), which the session asks the customer to
   * fill in; the call runs again with the customer's reply (the values, a decline, or none when the question
   * expired), which its server then reads. Where nobody can be asked (a procedure's step), it is a failure the model
   * reads.
   */
  public static final class FormAsked extends ConfirmationAsked {
    private final String toolName;
    private final AskedForm form;

    public FormAsked(String toolName, AskedForm form) {
      super(toolName, form.question());
      this.toolName = toolName;
      this.form = form;
    }

    public AskedForm form() {
      return form;
    }

    @Override
    public String getMessage() {
      return toolName + " was not run: its server asks the customer to fill in a form (" + form.question()
          + "), which only the customer can do";
    }
  }
}
