package io.parley.tools.kb.sources;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a crawled page says: its main text as HTML (its {@code main} or {@code article}, else its
 * body), without the site's navigation, header, footer, asides, scripts, styles and forms, which
 * repeat on every page and would match every question; its headings kept, which the chunker cuts
 * sections by. Its title (its {@code title}, else its first {@code h1}), the language its
 * {@code html} element declares, and the links it has to pages of its own host, for a crawl.
 */
record PageText(String title, String html, Optional<String> language, List<String> links) {
  private static final String LEFT_OUT = "nav, aside, script, style, noscript, template, form, iframe, svg,"
      + " [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]";
  /** The site's header and footer; inside a {@code main} or {@code article}, a header holds the article's own title. */
  private static final String SITE_CHROME = "header, footer";

  static PageText of(String html, URI url) {
    Document document = Jsoup.parse(html, url.toString());
    String title = document.title().strip();
    if (title.isEmpty()) {
      Element heading = document.selectFirst("h1");
      title = heading == null ? url.getPath() : heading.text().strip();
    }
    Optional<String> language = Optional.ofNullable(document.selectFirst("html"))
        .map(root -> root.attr("lang").strip()).filter(lang -> !lang.isEmpty());
    List<String> links = links(document, url);
    Element main = document.selectFirst("main");
    if (main == null) main = document.selectFirst("article");
    if (main == null) {
      main = document.body();
      main.select(SITE_CHROME).remove();
    }
    main.select(LEFT_OUT).remove();
    return new PageText(title, main.html(), language, links);
  }

  /** Absolute links to the page's host, without their fragment, in the order they appear. */
  private static List<String> links(Document document, URI url) {
    Set<String> links = new LinkedHashSet<>();
    for (Element anchor : document.select("a[href]")) {
      String absolute = anchor.absUrl("href");
      if (absolute.isEmpty()) continue;
      try {
        URI link = URI.create(absolute);
        if (!url.getHost().equalsIgnoreCase(String.valueOf(link.getHost())) || url.getPort() != link.getPort()
            || !url.getScheme().equalsIgnoreCase(link.getScheme())) {
          continue;
        }
        links.add(new URI(link.getScheme(), link.getAuthority(), link.getPath(), link.getQuery(), null).toString());
      } catch (IllegalArgumentException | java.net.URISyntaxException e) {
        // A link that is no URI is not followed.
      }
    }
    return List.copyOf(links);
  }
}
