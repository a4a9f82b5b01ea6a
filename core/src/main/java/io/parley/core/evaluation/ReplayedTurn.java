package io.parley.core.evaluation;

/**
 * One customer message of an archived conversation played again: what the customer wrote, what
 * the bot (or a person) answered it live, and what the configuration under test answered now
 * (empty when it did not answer). All three are redacted.
 */
public record ReplayedTurn(String customer, String live, String replayed) {}
