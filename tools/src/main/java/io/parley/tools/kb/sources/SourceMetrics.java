package io.parley.tools.kb.sources;

/** Where a node counts its sources' fetches and syncs (the node's Prometheus registry). */
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
}
