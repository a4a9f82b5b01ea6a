package io.parley.tools.kb.sources;

/**
 * Where a node hears of its sources' syncs: it counts their fetches and ends (the node's Prometheus
 * registry), and tells their progress to the tenant's admin consoles.
 */
public interface SourceMetrics {
  SourceMetrics NONE = new SourceMetrics() {
    @Override
    public void count(KnowledgeSource source, SourceCounters more) {}

    @Override
    public void synced(KnowledgeSource source, boolean failed) {}
  };

  /** Requests of a sync as they are answered. */
  void count(KnowledgeSource source, SourceCounters more);

  /** A sync finished; {@code failed} when it could not list the source and changed nothing. */
  void synced(KnowledgeSource source, boolean failed);

  /** A sync stored a page, or the pages it lists: its progress moved. */
  default void progressed(KnowledgeSource source) {}
}
