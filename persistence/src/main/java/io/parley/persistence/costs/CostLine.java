package io.parley.persistence.costs;

/** A sum of costs of one {@code kind} in one {@code currency}: the quantity used and its amount in nanos. */
public record CostLine(String kind, String currency, long quantity, long amount) {}
