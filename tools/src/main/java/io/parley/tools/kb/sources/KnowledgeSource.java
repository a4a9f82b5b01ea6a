package io.parley.tools.kb.sources;

import java.time.Instant;
import java.util.Optional;

/**
 * A tenant's knowledge source as stored, with its sync's state.
 *
 * @param run how many syncs it has started
 * @param syncing whether a sync is under way, or was cut short by a node that stopped and will be resumed
 * @param lastOutcome what the last finished sync did, or why it failed
 * @param progress how far the open sync has gone, once it has listed its pages; empty when none is open
 */
public record KnowledgeSource(String tenant, String id, SourceDefinition definition, Instant createdAt,
    Instant nextSyncAt, Optional<Instant> lastSyncAt, Optional<String> lastOutcome, long run, boolean syncing,
    SourceCounters counters, Optional<SyncProgress> progress) {}
