package io.parley.core.offline;

/**
 * What the offline responder says, and the id of the rule that chose it ({@code fallback} when
 * none matched), for logs, metrics and tests.
 */
public record OfflineReply(String text, String ruleId) {}
