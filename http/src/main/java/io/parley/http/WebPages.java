package io.parley.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The node's HTML pages ({@code web/*.html}: the chat page, the consoles, the account page), each
 * with the headers a browser needs to keep other sites from framing it (clickjacking): its
 * {@code Content-Security-Policy} as a header, the policy of its {@code <meta>} tag with
 * {@code frame-ancestors} added (a meta tag cannot carry that directive), {@code X-Frame-Options}
 * for browsers that know no {@code frame-ancestors}, and {@code Referrer-Policy: no-referrer}
 * ({@link #NO_SNIFFING} goes on every answer of the node). Every page is framed by no one, except the page that
 * tries a draft in the widget, which the admin console frames from the same origin. The widget
 * itself frames nothing (it lives in a shadow root of the customer's page), so nothing of it needs
 * to be framed by other sites.
 */
final class WebPages extends AllDirectives {
  /** A page's file name, as a path segment: nothing but a name (no directory, no dots before {@code .html}). */
  static final Pattern FILE = Pattern.compile("[a-z0-9-]+\\.html");
  private static final String FRAMED_BY_THE_ADMIN_CONSOLE = "admin-try.html";
  private static final Pattern META_POLICY =
      Pattern.compile("<meta http-equiv=\"Content-Security-Policy\"\\s+content=\"([^\"]+)\"");
  /** Browsers take each answer as the type it says it is, never guessing (a JSON answer is no script). */
  static final HttpHeader NO_SNIFFING = RawHeader.create("X-Content-Type-Options", "nosniff");

  /** By file, the headers of the pages served so far: no more than the jar holds. */
  private final Map<String, List<HttpHeader>> headers = new ConcurrentHashMap<>();

  /** {@code GET} of the page {@code web/<file>} with its headers; rejected when there is no such page. */
  Route page(String file) {
    return get(() -> headersOf(file)
        .map(found -> respondWithHeaders(found, () -> getFromResource("web/" + file, ContentTypes.TEXT_HTML_UTF8)))
        .orElseGet(this::reject));
  }

  private Optional<List<HttpHeader>> headersOf(String file) {
    List<HttpHeader> known = headers.get(file);
    if (known != null) return Optional.of(known);
    return html(file).map(page -> {
      List<HttpHeader> made = made(file, page);
      headers.put(file, made);
      return made;
    });
  }

  /** The headers of {@code file}, whose HTML is {@code page}: its meta tag's policy, and who may frame it. */
  private static List<HttpHeader> made(String file, String page) {
    Matcher meta = META_POLICY.matcher(page);
    if (!meta.find()) throw new IllegalStateException("web/" + file + " has no Content-Security-Policy meta tag");
    boolean framedBySelf = file.equals(FRAMED_BY_THE_ADMIN_CONSOLE);
    return List.of(
        RawHeader.create("Content-Security-Policy",
            meta.group(1) + "; frame-ancestors " + (framedBySelf ? "'self'" : "'none'")),
        RawHeader.create("X-Frame-Options", framedBySelf ? "SAMEORIGIN" : "DENY"),
        RawHeader.create("Referrer-Policy", "no-referrer"));
  }

  private static Optional<String> html(String file) {
    try (InputStream in = WebPages.class.getClassLoader().getResourceAsStream("web/" + file)) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
