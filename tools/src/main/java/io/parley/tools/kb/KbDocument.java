package io.parley.tools.kb;

import java.time.Instant;

/** A document of a knowledge base as listed: what it is, not its text. */
public record KbDocument(String id, String title, DocumentFormat format, String source, int chunks, Instant createdAt) {}
