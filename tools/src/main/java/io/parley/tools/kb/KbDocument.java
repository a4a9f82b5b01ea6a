package io.parley.tools.kb;

import io.parley.core.language.LanguageTag;
import java.time.Instant;
import java.util.Optional;

/**
 * A document of a knowledge base as listed: what it is, not its text.
 *
 * @param language the language it is written in, whose analyzer indexes it; empty only for a document
 *     stored before documents had one, until the index next built has detected it
 * @param url where readers find it on the web, empty when it has no such address
 */
public record KbDocument(String id, String title, DocumentFormat format, String source, Optional<LanguageTag> language,
    int chunks, Instant createdAt, String url) {}
