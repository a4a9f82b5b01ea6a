package io.parley.core.archive;

/** Proof of an archived document: its key, SHA-256 (lower-case hex) and size in bytes. */
public record ArchiveReceipt(String key, String sha256, long bytes) {}
