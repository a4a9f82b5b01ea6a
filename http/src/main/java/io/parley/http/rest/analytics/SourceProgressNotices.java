package io.parley.http.rest.analytics;

import io.parley.http.cluster.AdminChange;
import io.parley.http.cluster.AdminChanges;
import io.parley.tools.kb.sources.KnowledgeSource;
import io.parley.tools.kb.sources.SourceCounters;
import io.parley.tools.kb.sources.SourceMetrics;

/**
 * A source's sync as it goes, told to its tenant's admin consoles as a {@code knowledge} change
 * ({@link AdminChanges}, throttled there to a few a second), so the Sources view's bar moves by
 * itself; the counts go on to {@code metrics}. A sync started by the node's schedule is first heard
 * of when it lists its pages.
 */
public record SourceProgressNotices(SourceMetrics metrics, AdminChanges changes) implements SourceMetrics {
  @Override
  public void count(KnowledgeSource source, SourceCounters more) {
    metrics.count(source, more);
  }

  @Override
  public void synced(KnowledgeSource source, boolean failed) {
    metrics.synced(source, failed);
    changes.changed(source.tenant(), AdminChange.Kind.KNOWLEDGE);
  }

  @Override
  public void progressed(KnowledgeSource source) {
    changes.changed(source.tenant(), AdminChange.Kind.KNOWLEDGE);
  }
}
