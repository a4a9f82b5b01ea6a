package io.parley.tools.kb.sources;

/**
 * How far a source's open sync has gone: {@code done} of the {@code total} pages it has listed. A
 * crawl's total grows as it finds links, so a bar drawn from it can step back; never past the page
 * limit.
 */
public record SyncProgress(int done, int total) {
  public SyncProgress {
    if (done < 0 || total < 0) throw new IllegalArgumentException("progress counts pages: " + done + " of " + total);
    // The run retires the pages it did not see after the listed ones: those count as neither.
    done = Math.min(done, total);
  }
}
