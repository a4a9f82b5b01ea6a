package io.parley.core.citation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A link a browser may follow from a citation: an absolute {@code http} or {@code https} URL with
 * a host. Anything else (a file name, {@code javascript:}, {@code data:}) is no link, so a document's
 * source can never run script in a page that shows it.
 */
public final class WebLink {
  public static final int MAX_CHARS = 2_000;

  private WebLink() {}

  public static Optional<String> safe(String candidate) {
    if (candidate == null) return Optional.empty();
    String url = candidate.strip();
    if (url.isEmpty() || url.length() > MAX_CHARS) return Optional.empty();
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean web = scheme.equals("http") || scheme.equals("https");
      return web && uri.getHost() != null && !uri.getHost().isEmpty() ? Optional.of(url) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
