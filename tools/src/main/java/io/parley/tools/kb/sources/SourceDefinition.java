package io.parley.tools.kb.sources;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A knowledge source as its tenant describes it.
 *
 * @param url a website's start page or sitemap, or the address of a help centre's export; none for {@link SourceKind#FILES}
 * @param sitemap whether a website's {@code url} is a sitemap (its pages are its {@code loc}s) rather
 *     than a start page (its pages are those its links reach on the same host)
 * @param include path globs a page must match one of to be read; all paths when empty
 * @param exclude path globs no page read may match
 * @param pageLimit the most pages, articles or files the source holds
 * @param syncEvery how long after one sync the next starts; zero for files, which sync when uploaded
 * @throws IllegalArgumentException with a message fit for an API client
 */
public record SourceDefinition(String name, SourceKind kind, Optional<URI> url, boolean sitemap, List<String> include,
    List<String> exclude, int pageLimit, Duration syncEvery) {
  public static final int MAX_NAME_CHARS = 200;
  public static final int MAX_URL_CHARS = 2000;

  public SourceDefinition {
    Objects.requireNonNull(kind, "kind");
    name = name == null ? "" : name.strip();
    if (name.isEmpty() || name.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException("name must be 1 to " + MAX_NAME_CHARS + " characters");
    }
    Objects.requireNonNull(url, "url");
    if (kind == SourceKind.FILES) {
      if (url.isPresent()) throw new IllegalArgumentException("a files source has no url: files are uploaded to it");
    } else if (url.isEmpty() || url.get().getHost() == null || url.get().toString().length() > MAX_URL_CHARS
        || !List.of("http", "https").contains(String.valueOf(url.get().getScheme()).toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("url must be an http or https URL of at most " + MAX_URL_CHARS + " characters");
    }
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    PathPatterns.validate(include, "include");
    PathPatterns.validate(exclude, "exclude");
    if (pageLimit < 1) throw new IllegalArgumentException("pageLimit must be at least 1, got " + pageLimit);
    Objects.requireNonNull(syncEvery, "syncEvery");
  }

  /** A files source: its files uploaded, at most {@code fileLimit} of them. */
  public static SourceDefinition files(String name, int fileLimit) {
    return new SourceDefinition(name, SourceKind.FILES, Optional.empty(), false, List.of(), List.of(), fileLimit, Duration.ZERO);
  }

  /** The address a website or export source reads. @throws IllegalStateException for a files source, which has none */
  public URI address() {
    return url.orElseThrow(() -> new IllegalStateException("a files source has no address"));
  }
}
