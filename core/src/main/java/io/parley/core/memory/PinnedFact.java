package io.parley.core.memory;

import java.time.Instant;

/**
 * A fact the conversation established and that must survive summarisation: the customer's name
 * or email, an order or ticket number, a commitment the assistant made. {@code name} is the
 * kind (see {@code FactKind}); {@code sourceSeq} is the message it came from.
 */
public record PinnedFact(String name, String value, long sourceSeq, Instant at) {}
