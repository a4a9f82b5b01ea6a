package io.parley.core.handoff;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a customer's message asks for a person: "can I talk to a human?", "connect me with an
 * agent", "representative please", or just "agent". A question about the bot ("are you a
 * human?") or a refusal ("I don't need a person") is not a request. Words, not a model: the
 * answer must be the same on every node and cost nothing, and a missed request costs the
 * customer one more sentence, which the bot can still answer by escalating.
 */
public final class HumanRequest {
  private static final String WHO = "(?:a |an |the |some |your |real |actual |live )*"
      + "(?:human|person|people|agent|representative|rep|operator|someone|somebody|staff|support team"
      + "|customer service|member of (?:your |the )?(?:staff|team))";
  private static final Pattern ASKED = Pattern.compile(
      "\\b(?:talk|speak|chat|connect|transfer|escalate|put|pass|get|give|want|need|see|reach|call)"
          + "(?:ing)?\\b[^.!?]{0,25}?\\b" + WHO + "\\b");
  private static final Pattern JUST_WHO = Pattern.compile(
      "^(?:(?:a |an )?(?:human|real person|live agent|agent|representative|operator|person)"
          + "(?: please| now| pls)*|(?:please|pls) (?:a )?(?:human|real person|agent|representative|operator))$");
  private static final Pattern REFUSED = Pattern.compile(
      "\\b(?:don'?t|do not|doesn'?t|no need|never|not)\\b[^.!?]{0,15}$");

  private HumanRequest() {}

  public static boolean asks(String text) {
    String lower = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').strip();
    String bare = lower.replaceAll("[.!?,]+", " ").replaceAll("\\s+", " ").strip();
    if (JUST_WHO.matcher(bare).matches()) return true;
    var asked = ASKED.matcher(lower);
    while (asked.find()) {
      if (!REFUSED.matcher(lower.substring(0, asked.start())).find()) return true;
    }
    return false;
  }
}
