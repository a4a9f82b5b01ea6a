package io.parley.persistence.evaluation;

import java.time.Instant;
import java.util.Optional;

/**
 * An evaluation run as stored: the configuration it ran on (the draft numbered {@code configVersion},
 * or that published version), its status ({@code running}, {@code finished}, {@code interrupted}),
 * the node running it, and its JSON document (progress, then every case's result).
 */
public record StoredRun(String tenant, String runId, boolean draft, int configVersion, String status, String node,
    Instant startedAt, Optional<Instant> finishedAt, String document) {
  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
  public static final String INTERRUPTED = "interrupted";
}
