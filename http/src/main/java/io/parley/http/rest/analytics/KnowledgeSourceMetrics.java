package io.parley.http.rest.analytics;

import io.parley.sessions.MetricFamilies;
import io.parley.tools.kb.sources.KnowledgeSource;
import io.parley.tools.kb.sources.SourceCounters;
import io.parley.tools.kb.sources.SourceMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The knowledge sources' metrics, per tenant and source: {@code parley_kb_source_requests_total}
 * by how each was answered ({@code fetched}, {@code not_modified}, {@code failed}), {@code
 * parley_kb_source_bytes_total} read, and {@code parley_kb_source_syncs_total} by outcome ({@code
 * finished}, {@code failed}). A tenant's sources are bounded in number, so the series are too.
 */
public final class KnowledgeSourceMetrics implements SourceMetrics {
  private final Counter requests;
  private final Counter bytes;
  private final Counter syncs;

  public KnowledgeSourceMetrics(PrometheusRegistry registry) {
    requests = MetricFamilies.counter(registry, "parley_kb_source_requests",
        "Requests of knowledge-source syncs, by how they were answered", "tenant", "source", "answer");
    bytes = MetricFamilies.counter(registry, "parley_kb_source_bytes", "Bytes knowledge-source syncs read",
        "tenant", "source");
    syncs = MetricFamilies.counter(registry, "parley_kb_source_syncs", "Knowledge-source syncs ended, by outcome",
        "tenant", "source", "outcome");
  }

  @Override
  public void count(KnowledgeSource source, SourceCounters more) {
    add(requests, more.fetched(), source, "fetched");
    add(requests, more.notModified(), source, "not_modified");
    add(requests, more.failed(), source, "failed");
    if (more.fetchedBytes() > 0) bytes.labelValues(source.tenant(), source.id()).inc(more.fetchedBytes());
  }

  @Override
  public void synced(KnowledgeSource source, boolean failed) {
    syncs.labelValues(source.tenant(), source.id(), failed ? "failed" : "finished").inc();
  }

  private static void add(Counter counter, long amount, KnowledgeSource source, String answer) {
    if (amount > 0) counter.labelValues(source.tenant(), source.id(), answer).inc(amount);
  }
}
