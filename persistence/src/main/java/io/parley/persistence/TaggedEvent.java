package io.parley.persistence;

/**
 * An event of the journal as a reader by tag sees it: where it stands in the journal
 * ({@code ordering}), whose it is, when it was written (epoch milliseconds) and the event itself,
 * deserialized as its writer stored it.
 */
public record TaggedEvent(long ordering, String persistenceId, long sequenceNr, long timestamp, Object event) {}
