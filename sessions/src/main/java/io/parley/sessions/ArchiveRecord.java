package io.parley.sessions;

import java.time.Instant;

/** Where the transcript of a closed session was archived, and its checksum. */
public record ArchiveRecord(String key, String sha256, long bytes, String location, Instant at) {}
