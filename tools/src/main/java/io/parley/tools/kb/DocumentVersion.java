package io.parley.tools.kb;

import java.time.Instant;
import java.util.Optional;

/**
 * A version of a document that came from a knowledge source: what the bot knew from {@code
 * recordedAt} until the next version's, or until {@code retiredAt} when the source dropped it.
 *
 * @param version from 1
 * @param contentHash SHA-256 of its title and content, hex: the same text twice is one version
 * @param content its text as the source gave it, in the document's format
 */
public record DocumentVersion(String documentId, int version, String title, String source, String contentHash,
    String content, Instant recordedAt, Optional<Instant> retiredAt) {}
