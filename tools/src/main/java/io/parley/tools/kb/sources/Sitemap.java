package io.parley.tools.kb.sources;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * A sitemap (sitemaps.org): the pages of a {@code urlset}, or the sitemaps of a {@code
 * sitemapindex}. Read by jsoup's XML parser, which resolves no external entity and fetches nothing.
 */
record Sitemap(List<String> pages, List<String> sitemaps) {
  static final int MAX_BYTES = 10 * 1024 * 1024;

  static Sitemap parse(String xml) {
    Document document = Jsoup.parse(xml, "", Parser.xmlParser());
    return new Sitemap(locations(document, "url"), locations(document, "sitemap"));
  }

  private static List<String> locations(Document document, String entry) {
    return document.getElementsByTag(entry).stream()
        .map(element -> element.getElementsByTag("loc").first())
        .filter(loc -> loc != null)
        .map(Element::text).map(String::strip).filter(text -> !text.isEmpty())
        .distinct().toList();
  }
}
