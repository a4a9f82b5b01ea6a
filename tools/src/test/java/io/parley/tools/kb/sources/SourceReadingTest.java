package io.parley.tools.kb.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a source's robots.txt, path patterns, sitemap, pages and exports are read. */
class SourceReadingTest {

  @Test
  void robotsTxtDecidesByTheLongestRuleOfTheGroupThatNamesTheCrawlerElseTheStarGroup() {
    RobotsRules anyone = RobotsRules.parse("""
        User-agent: *
        Disallow: /private/
        Allow: /private/open$
        Disallow: /*.pdf$
        Disallow: /search?q=
        """);
    assertFalse(anyone.allows("/private/notes"));
    assertTrue(anyone.allows("/private/open"));
    assertFalse(anyone.allows("/private/open/more"), "$ anchors the allow to the path's end");
    assertFalse(anyone.allows("/docs/manual.pdf"));
    assertFalse(anyone.allows("/search?q=refund"), "? is itself in robots.txt");
    assertTrue(anyone.allows("/searchXq=refund"));
    assertTrue(anyone.allows("/help/returns"));

    RobotsRules ours = RobotsRules.parse("""
        User-agent: *
        Disallow: /

        User-agent: other-bot
        User-agent: ParleyBot
        Disallow: /drafts
        """);
    assertTrue(ours.allows("/help"), "the group naming the crawler replaces the star group");
    assertFalse(ours.allows("/drafts/1"));
    assertTrue(RobotsRules.allowingAll().allows("/anything"));
    assertFalse(RobotsRules.disallowingAll().allows("/"));
  }

  @Test
  void pathGlobsIncludeAndExcludeWithoutBacktrackingBlowUp() {
    PathPatterns patterns = new PathPatterns(List.of("/en/*", "/de/*"), List.of("*/drafts/*", "/en/old-??"));
    assertTrue(patterns.admits("/en/returns"));
    assertTrue(patterns.admits("/de/rueckgabe"));
    assertFalse(patterns.admits("/fr/retours"), "not included");
    assertFalse(patterns.admits("/en/drafts/returns"), "excluded");
    assertFalse(patterns.admits("/en/old-12"));
    assertTrue(patterns.admits("/en/old-123"), "? is one character");
    assertTrue(new PathPatterns(List.of(), List.of()).admits("/anything"));
    String hostile = "/" + "a".repeat(2000);
    assertFalse(PathPatterns.matches("/" + "*a".repeat(100) + "b", hostile), "fails in time, no exponential backtracking");
    assertThrows(IllegalArgumentException.class, () -> PathPatterns.validate(List.of("help/*"), "include"));
  }

  @Test
  void aPagesMainTextLeavesTheSiteChromeOutAndKeepsHeadingsLanguageAndSameSiteLinks() {
    String html = """
        <html lang="de"><head><title>Rückgabe</title><style>.x{}</style></head><body>
        <header>Shop header banner</header><nav><a href="/de/other">Menu entry</a></nav>
        <main><h1>Rückgabe</h1><h2>Fristen</h2><p>Sie haben 30 Tage Zeit.</p><aside>Related teaser</aside>
        <script>track()</script><a href="/de/versand#top">Versand</a><a href="https://elsewhere.example/x">Out</a></main>
        <footer>Impressum footer</footer></body></html>""";
    PageText page = PageText.of(html, URI.create("http://127.0.0.1:8080/de/rueckgabe"));
    assertEquals("Rückgabe", page.title());
    assertEquals(Optional.of("de"), page.language());
    assertTrue(page.html().contains("<h2>Fristen</h2>") && page.html().contains("30 Tage"), page.html());
    for (String chrome : List.of("Shop header", "Menu entry", "teaser", "track()", "Impressum")) {
      assertFalse(page.html().contains(chrome), chrome + " left in: " + page.html());
    }
    assertEquals(List.of("http://127.0.0.1:8080/de/other", "http://127.0.0.1:8080/de/versand"), page.links());

    PageText article = PageText.of("<body><header>Site banner</header><article><header><h1>Warranty</h1></header>"
        + "<p>Two years.</p></article><footer>Site footer</footer></body>", URI.create("https://example.com/warranty"));
    assertTrue(article.html().contains("<h1>Warranty</h1>"), "an article's own header keeps its title: " + article.html());
    assertEquals("Warranty", article.title(), "no title element: the first h1");
    PageText bare = PageText.of("<body><header>Site banner</header><h2>Hours</h2><p>Nine to five.</p>"
        + "<footer>Site footer</footer></body>", URI.create("https://example.com/hours"));
    assertFalse(bare.html().contains("banner") || bare.html().contains("Site footer"), bare.html());
    assertTrue(bare.html().contains("Nine to five"));
  }

  @Test
  void aSitemapListsItsPagesOrItsSitemaps() {
    Sitemap pages = Sitemap.parse("""
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc> https://example.com/a </loc><lastmod>2026-01-01</lastmod></url>
          <url><loc>https://example.com/b</loc></url>
        </urlset>""");
    assertEquals(List.of("https://example.com/a", "https://example.com/b"), pages.pages());
    Sitemap index = Sitemap.parse("<sitemapindex><sitemap><loc>https://example.com/s1.xml</loc></sitemap></sitemapindex>");
    assertEquals(List.of("https://example.com/s1.xml"), index.sitemaps());
    assertEquals(List.of(), index.pages());
  }

  @Test
  void zendeskAndIntercomExportsGiveEachArticlesTitleUrlLocaleAndLastUpdate() {
    List<HelpCenterExport.Article> zendesk = HelpCenterExport.parse(SourceKind.ZENDESK, """
        {"articles": [
          {"id": 1, "title": "Returns", "body": "<p>Thirty days.</p>", "html_url": "https://help.example.com/hc/en-us/articles/1",
           "locale": "en-us", "updated_at": "2026-03-01T10:00:00Z"},
          {"id": 2, "title": "Draft", "body": "<p>x</p>", "html_url": "https://help.example.com/2", "draft": true},
          {"id": 3, "title": "", "body": "<p>untitled</p>", "html_url": "https://help.example.com/3"}
        ]}""");
    assertEquals(List.of(new HelpCenterExport.Article("https://help.example.com/hc/en-us/articles/1", "Returns",
        "<p>Thirty days.</p>", Optional.of("en-us"), Optional.of(Instant.parse("2026-03-01T10:00:00Z")))), zendesk);

    List<HelpCenterExport.Article> intercom = HelpCenterExport.parse(SourceKind.INTERCOM, """
        {"type": "list", "data": [{"id": "9", "type": "article", "title": "Shipping", "body": "<p>Two days.</p>",
          "url": "https://intercom.help/acme/en/articles/9", "state": "published", "updated_at": 1772359200}]}""");
    assertEquals(Optional.of(Instant.ofEpochSecond(1772359200)), intercom.get(0).updatedAt());
    assertEquals("https://intercom.help/acme/en/articles/9", intercom.get(0).url());

    assertThrows(IllegalArgumentException.class, () -> HelpCenterExport.parse(SourceKind.INTERCOM, "{\"articles\": []}"));
    assertThrows(IllegalArgumentException.class, () -> HelpCenterExport.parse(SourceKind.ZENDESK, "not json"));
  }
}
