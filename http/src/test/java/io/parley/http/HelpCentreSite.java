package io.parley.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.identity.Sha256;
import io.parley.core.testing.LoopbackHttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A company's help centre on a loopback port: a robots.txt that disallows {@code /private/}, a
 * sitemap of its pages in English ({@code /en/article-N}) and German ({@code /de/artikel-N}), each
 * page with a header, navigation and footer around its article and a link to the next article, an ETag and a Last-Modified that
 * change with its text, and a 304 to a request whose {@code If-None-Match} names its current ETag.
 * The sitemap also lists a page under {@code /private/} and one under {@code /en/archive/}, which a
 * polite crawler never asks for. A Zendesk Guide articles export at {@code /exports/zendesk.json}.
 * Every request is recorded, with whether it was conditional and what it was answered.
 */
final class HelpCentreSite implements AutoCloseable {
  record Request(String path, boolean conditional, int status) {}

  static final String DISALLOWED = "/private/internal-pricing";
  static final String EXCLUDED = "/en/archive/old-returns";

  private final HttpServer server = LoopbackHttpServers.create();
  /** Each page's article text by path, in sitemap order; guarded by this. */
  private final Map<String, String> pages = new LinkedHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile String heldPath;
  private volatile String failingPath;
  private volatile CountDownLatch held = new CountDownLatch(0);
  private final CountDownLatch reachedHeld = new CountDownLatch(1);

  /** {@code perLanguage} pages in each language, each with its own word: {@code quokkaN} in English, {@code zebraN} in German. */
  HelpCentreSite(int perLanguage) {
    for (int n = 1; n <= perLanguage; n++) {
      pages.put("/en/article-" + n, "<h2>Caring for model " + n + "</h2><p>The quokka" + n
          + " widget needs cleaning every week. Wipe it with a dry cloth and keep it away from water.</p>");
      pages.put("/de/artikel-" + n, "<h2>Pflege von Modell " + n + "</h2><p>Das Gerät zebra" + n
          + " muss jede Woche gereinigt werden. Wischen Sie es mit einem trockenen Tuch ab.</p>");
    }
    server.createContext("/", this::answer);
    // A held request must not hold the others.
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  synchronized void change(String path, String article) {
    if (pages.replace(path, article) == null) throw new IllegalArgumentException(path);
  }

  synchronized void remove(String path) {
    if (pages.remove(path) == null) throw new IllegalArgumentException(path);
  }

  synchronized List<String> pagePaths() {
    return List.copyOf(pages.keySet());
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  void forgetRequests() {
    requests.clear();
  }

  /** Requests of {@code path} are answered 500 from now on. */
  void fail(String path) {
    failingPath = path;
  }

  /** Requests of {@code path} wait, unanswered, until {@link #release}. */
  void hold(String path) {
    held = new CountDownLatch(1);
    heldPath = path;
  }

  boolean awaitHeld(long seconds) throws InterruptedException {
    return reachedHeld.await(seconds, TimeUnit.SECONDS);
  }

  void release() {
    heldPath = null;
    held.countDown();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    if (path.equals(heldPath)) {
      reachedHeld.countDown();
      try {
        held.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int status;
    if (path.equals(failingPath)) {
      status = send(exchange, 500, "text/plain", "the server is having a bad day", null);
    } else if (path.equals("/robots.txt")) {
      status = send(exchange, 200, "text/plain", "User-agent: *\nDisallow: /private/\n", null);
    } else if (path.equals("/sitemap.xml")) {
      status = send(exchange, 200, "application/xml", sitemap(), null);
    } else if (path.equals("/exports/zendesk.json")) {
      status = send(exchange, 200, "application/json", zendeskExport(), null);
    } else {
      String article;
      synchronized (this) {
        article = pages.get(path);
      }
      if (article == null) {
        status = send(exchange, 404, "text/plain", "no such page", null);
      } else {
        String etag = "\"" + HexFormat.of().formatHex(Sha256.of(article)).substring(0, 16) + "\"";
        if (etag.equals(ifNoneMatch)) {
          exchange.getResponseHeaders().set("ETag", etag);
          exchange.sendResponseHeaders(304, -1);
          exchange.close();
          status = 304;
        } else {
          status = send(exchange, 200, "text/html; charset=utf-8", page(path, article), etag);
        }
      }
    }
    requests.add(new Request(path, ifNoneMatch != null, status));
  }

  private static String page(String path, String article) {
    String language = path.startsWith("/de/") ? "de" : "en";
    String title = (language.equals("de") ? "Artikel " : "Article ") + path.substring(path.lastIndexOf('-') + 1);
    return "<!doctype html><html lang=\"" + language + "\"><head><title>" + title + "</title>"
        + "<style>body{font-family:sans-serif}</style><script>var tracking = 'sitewide';</script></head><body>"
        + "<header>Gizmo Corp banner</header><nav><a href=\"/en/article-1\">Home</a> | Shop menu</nav>"
        + "<main><h1>" + title + "</h1>" + article + "<p><a href=\"" + next(path) + "\">Next article</a></p></main>"
        + "<footer>Copyright footer boilerplate</footer></body></html>";
  }

  /** The page after {@code path} in its language: what a crawl from a start page follows. */
  private static String next(String path) {
    int dash = path.lastIndexOf('-');
    return path.substring(0, dash + 1) + (Integer.parseInt(path.substring(dash + 1)) + 1);
  }

  private synchronized String sitemap() {
    List<String> locations = new ArrayList<>(pages.keySet());
    locations.add(DISALLOWED);
    locations.add(EXCLUDED);
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (String path : locations) xml.append("  <url><loc>").append(url(path)).append("</loc></url>\n");
    return xml.append("</urlset>\n").toString();
  }

  private String zendeskExport() {
    return """
        {"articles": [
          {"id": 3601, "title": "Platypus returns policy", "locale": "en-us", "updated_at": "2026-02-10T09:30:00Z",
           "html_url": "https://gizmo.zendesk.com/hc/en-us/articles/3601",
           "body": "<h2>How returns work</h2><p>A platypus kit can be returned within 30 days of delivery.</p>"},
          {"id": 3602, "title": "Versandkosten für Wombat", "locale": "de", "updated_at": "2026-02-11T09:30:00Z",
           "html_url": "https://gizmo.zendesk.com/hc/de/articles/3602",
           "body": "<p>Der Versand eines Wombat-Pakets kostet innerhalb Deutschlands 4,90 Euro.</p>"}
        ], "page": 1, "page_count": 1, "count": 2}""";
  }

  private static int send(HttpExchange exchange, int status, String type, String body, String etag) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if (etag != null) {
      exchange.getResponseHeaders().set("ETag", etag);
      exchange.getResponseHeaders().set("Last-Modified", "Sun, 01 Mar 2026 10:00:00 GMT");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    return status;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
