package io.parley.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The embeddable widget (docs/widget.md): {@code /widget.js}, cached briefly so a site picks up a
 * new release within minutes, and {@code /widget/<version>/widget.js}, the same bytes cached for
 * good, for sites that pin a version with a Subresource Integrity hash. Only the version this node
 * ships is served; another one is 404. It is served without its comment lines and indentation: what
 * every visitor downloads is held to the widget's size budget (docs/performance.md), the source keeps
 * both.
 */
final class WidgetScript extends AllDirectives {
  static final String RESOURCE = "widget/widget.js";
  private static final Pattern VERSION = Pattern.compile("const VERSION = '([0-9A-Za-z.-]+)';");
  private static final ContentType JAVASCRIPT = MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8);
  private static final HttpHeader SHORT_CACHE = RawHeader.create("Cache-Control", "public, max-age=300");
  private static final HttpHeader IMMUTABLE = RawHeader.create("Cache-Control", "public, max-age=31536000, immutable");

  private final byte[] script;
  private final String version;

  WidgetScript() {
    this.script = load();
    this.version = versionOf(new String(script, StandardCharsets.UTF_8));
  }

  /** The version the script declares in {@code const VERSION = '...';}. */
  static String versionOf(String script) {
    Matcher declared = VERSION.matcher(script);
    if (!declared.find()) throw new IllegalStateException(RESOURCE + " declares no const VERSION");
    return declared.group(1);
  }

  /** The script as served. */
  static byte[] load() {
    try (InputStream in = WidgetScript.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the jar");
      return asServed(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code source} as served: without the lines that hold only a comment (a {@code //} line, or a
   * {@code /** ... *}{@code /} block whose lines hold nothing else: the widget writes no code on them)
   * and without each line's indentation, which neither its code nor its one template literal, the
   * stylesheet, reads.
   */
  static String asServed(String source) {
    StringBuilder kept = new StringBuilder(source.length());
    boolean inBlock = false;
    for (String line : source.split("\n", -1)) {
      String text = line.strip();
      if (inBlock) {
        inBlock = !text.endsWith("*/");
      } else if (text.startsWith("/**")) {
        inBlock = !text.endsWith("*/");
      } else if (!text.startsWith("//")) {
        if (!kept.isEmpty()) kept.append('\n');
        kept.append(line.stripLeading());
      }
    }
    return kept.toString();
  }

  Route route() {
    return get(() -> concat(
        path("widget.js", () -> complete(response(SHORT_CACHE))),
        path(PathMatchers.segment("widget").slash(version).slash("widget.js"), () -> complete(response(IMMUTABLE)))));
  }

  private HttpResponse response(HttpHeader cache) {
    return HttpResponse.create().withEntity(HttpEntities.create(JAVASCRIPT, script)).addHeaders(List.of(cache));
  }
}
