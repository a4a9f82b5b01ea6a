package io.parley.core.experiment;

import java.util.Optional;

/**
 * What one conversation of an experiment came to, as the analytics define it (docs/analytics.md):
 * {@code closed} when it ended with a resolution, {@code contained} when the bot resolved it,
 * {@code handoff} when a person was asked for; the customer's {@code rating} (1 to 5), the judge's
 * {@code qualityScore} (1 to 5), the model's tokens and their estimated cost.
 */
public record ConversationOutcome(boolean closed, boolean contained, boolean handoff, Optional<Integer> rating,
    Optional<Integer> qualityScore, long tokens, double costUsd) {}
