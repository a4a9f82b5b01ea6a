package io.parley.tools.kb.sources;

import com.typesafe.config.Config;
import io.parley.core.bot.UsageLimits;
import io.parley.core.config.SettingsReader;
import java.time.Duration;
import java.util.Optional;

/**
 * The node's bounds and pace for knowledge sources ({@code parley.kb.sources}, {@code PARLEY_KB_SOURCES_*}).
 *
 * @param maxSourcesPerTenant sources a tenant may have
 * @param maxPagesPerSource the most pages or articles one source holds; a source's own limit is at most this
 * @param maxDocumentsPerTenant documents a tenant's sources hold together; a new page past it fails, saying so
 * @param maxPageBytes the longest page read; a longer one fails and its last good version stays
 * @param maxBytesPerSync what one sync of a source reads at most; the pages past it fail until the next
 * @param hostInterval the time between two requests to one host, from this node
 * @param fetchTimeout one request's bound, from the name's lookup to the body's last byte
 * @param pollEvery how often a node looks for sources due a sync
 * @param lease how long a node holds a source it syncs without renewing (it renews with every page):
 *     how soon another node resumes a sync whose node stopped
 * @param defaultSyncEvery a source's time between syncs when its tenant gives none
 * @param minSyncEvery the shortest time between syncs a tenant may ask for
 */
public record SourceSettings(int maxSourcesPerTenant, int maxPagesPerSource, int maxDocumentsPerTenant,
    int maxPageBytes, long maxBytesPerSync, Duration hostInterval, Duration fetchTimeout, Duration pollEvery,
    Duration lease, Duration defaultSyncEvery, Duration minSyncEvery) {

  /** These bounds lowered to a tenant's own {@code limits}, where it set lower ones; never raised. */
  public SourceSettings within(UsageLimits limits) {
    return new SourceSettings(lower(maxSourcesPerTenant, limits.knowledgeSources()),
        lower(maxPagesPerSource, limits.knowledgePagesPerSource()), lower(maxDocumentsPerTenant, limits.knowledgeDocuments()),
        maxPageBytes, maxBytesPerSync, hostInterval, fetchTimeout, pollEvery, lease, defaultSyncEvery, minSyncEvery);
  }

  private static int lower(int node, Optional<Integer> tenant) {
    return Math.min(node, tenant.orElse(node));
  }

  public static SourceSettings from(Config config) {
    SettingsReader reader = new SettingsReader(config);
    return new SourceSettings(
        reader.positiveInt("parley.kb.sources.max-sources-per-tenant", "PARLEY_KB_SOURCES_MAX_SOURCES_PER_TENANT"),
        reader.positiveInt("parley.kb.sources.max-pages-per-source", "PARLEY_KB_SOURCES_MAX_PAGES_PER_SOURCE"),
        reader.positiveInt("parley.kb.sources.max-documents-per-tenant", "PARLEY_KB_SOURCES_MAX_DOCUMENTS_PER_TENANT"),
        Math.toIntExact(reader.bytes("parley.kb.sources.max-page-bytes", "PARLEY_KB_SOURCES_MAX_PAGE_BYTES")),
        reader.bytes("parley.kb.sources.max-bytes-per-sync", "PARLEY_KB_SOURCES_MAX_BYTES_PER_SYNC"),
        reader.durationOrZero("parley.kb.sources.host-interval", "PARLEY_KB_SOURCES_HOST_INTERVAL"),
        reader.duration("parley.kb.sources.fetch-timeout", "PARLEY_KB_SOURCES_FETCH_TIMEOUT"),
        reader.duration("parley.kb.sources.poll-every", "PARLEY_KB_SOURCES_POLL_EVERY"),
        reader.duration("parley.kb.sources.lease", "PARLEY_KB_SOURCES_LEASE"),
        reader.duration("parley.kb.sources.default-sync-every", "PARLEY_KB_SOURCES_DEFAULT_SYNC_EVERY"),
        reader.durationOrZero("parley.kb.sources.min-sync-every", "PARLEY_KB_SOURCES_MIN_SYNC_EVERY"));
  }
}
