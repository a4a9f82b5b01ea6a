package io.parley.core.offline;

/**
 * What the offline responder says, and the id of the rule that chose it ({@code fallback} when
 * none matched), for logs, metrics and tests.
 */
public record OfflineReply(String text, String ruleId) {
  /** The rule id of the answer that says it cannot answer: no rule and no article fitted. */
  public static final String FALLBACK_ID = "fallback";

  /** Whether a rule or an article answered: the fallback only says it cannot. */
  public boolean answered() {
    return !ruleId.equals(FALLBACK_ID);
  }
}
