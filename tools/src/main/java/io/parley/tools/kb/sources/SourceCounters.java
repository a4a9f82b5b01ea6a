package io.parley.tools.kb.sources;

/**
 * A source's fetches since it was added: its metrics, with its pages' statuses.
 *
 * @param fetched requests answered with a page or an export
 * @param notModified conditional requests answered 304: the page unchanged, nothing read
 * @param failed requests that failed, timed out or were answered with an error
 * @param fetchedBytes the bytes of the bodies read
 */
public record SourceCounters(long fetched, long notModified, long failed, long fetchedBytes) {
  public static final SourceCounters NONE = new SourceCounters(0, 0, 0, 0);

  public SourceCounters plus(SourceCounters other) {
    return new SourceCounters(fetched + other.fetched, notModified + other.notModified, failed + other.failed,
        fetchedBytes + other.fetchedBytes);
  }
}
