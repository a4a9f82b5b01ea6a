package io.parley.tools;

/**
 * The conversations the model is offered a tool in: most tools in every one; a keypad's only on phone
 * calls ({@code press_keys}); what concerns a number the bot dialled only in calls it placed
 * ({@code do_not_call}). A call to a tool not offered reads as a call to an unknown tool.
 */
public enum OfferedIn {
  EVERY_CONVERSATION,
  PHONE_CALLS,
  PLACED_CALLS;

  /** Whether a conversation that is ({@code phoneCall}) a phone call, ({@code placedCall}) one the bot placed, is offered the tool. */
  boolean includes(boolean phoneCall, boolean placedCall) {
    return switch (this) {
      case EVERY_CONVERSATION -> true;
      case PHONE_CALLS -> phoneCall;
      case PLACED_CALLS -> placedCall;
    };
  }
}
