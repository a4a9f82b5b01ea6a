package io.parley.core.lead;

/** What one signal added to (or took from) a score, and why, in words without the customer's data. */
public record LeadContribution(LeadSignal signal, int points, String reason) {}
