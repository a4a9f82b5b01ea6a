package io.parley.tools.kb.sources;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A page or article of a source, as its last sync left it.
 *
 * @param documentId its knowledge-base document: a fixed id from the source and the URL
 * @param reason why it failed, for {@link PageStatus#FAILED}
 * @param remoteUpdatedAt when the help centre last updated the article; empty for a website's page
 * @param etag the {@code ETag} its last 200 carried, sent back as {@code If-None-Match}
 * @param lastModified the {@code Last-Modified} its last 200 carried, sent back as {@code If-Modified-Since}
 * @param contentHash SHA-256 of the text last stored, hex; empty before one was
 * @param searchable whether its document is in the index
 * @param seenRun the source's sync that last dealt with it
 * @param changedAt when its status last changed
 * @param links the same-site pages it links to, kept for a crawl from a start page
 */
public record SourcePage(String url, String documentId, PageStatus status, Optional<String> reason, String title,
    Optional<String> locale, Optional<Instant> remoteUpdatedAt, Optional<String> etag, Optional<String> lastModified,
    Optional<String> contentHash, boolean searchable, long seenRun, Instant changedAt, List<String> links) {}
