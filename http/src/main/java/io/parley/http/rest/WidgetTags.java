package io.parley.http.rest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The widget's script tags in a page's HTML, as the browser would read their attributes: each
 * {@code <script>} whose {@code src} loads {@code widget.js} (the node's {@code /widget.js} or a
 * fixed {@code /widget/<version>/widget.js}), with its {@code data-tenant} and {@code data-key}.
 * Comments are skipped, so a tag commented out is not taken for one the page runs.
 */
final class WidgetTags {
  /** One tag: where it loads the widget from, and the tenant and key it names, if it names them. */
  record Tag(String src, Optional<String> tenant, Optional<String> key) {}

  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
  private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE = Pattern.compile(
      "([^\\s\"'=<>/]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+)))?");
  private static final Pattern WIDGET = Pattern.compile("(?:^|/)(?:widget/[^/?#]+/)?widget\\.js(?:[?#].*)?$");

  private WidgetTags() {}

  static List<Tag> in(String html) {
    List<Tag> tags = new ArrayList<>();
    Matcher script = SCRIPT.matcher(COMMENT.matcher(html).replaceAll(""));
    while (script.find()) {
      Map<String, String> attributes = attributes(script.group(1));
      String src = attributes.getOrDefault("src", "");
      if (WIDGET.matcher(src.strip()).find()) {
        tags.add(new Tag(src.strip(), Optional.ofNullable(attributes.get("data-tenant")).map(String::strip),
            Optional.ofNullable(attributes.get("data-key")).map(String::strip)));
      }
    }
    return tags;
  }

  /** The attributes of a tag, names in lower case; the first of a name wins, as in HTML. */
  private static Map<String, String> attributes(String text) {
    Map<String, String> attributes = new HashMap<>();
    Matcher attribute = ATTRIBUTE.matcher(text);
    while (attribute.find()) {
      String value = attribute.group(2) != null ? attribute.group(2)
          : attribute.group(3) != null ? attribute.group(3) : attribute.group(4) != null ? attribute.group(4) : "";
      attributes.putIfAbsent(attribute.group(1).toLowerCase(Locale.ROOT), unescaped(value));
    }
    return attributes;
  }

  /** The character references an attribute's value may hold in practice (an address's {@code &amp;}). */
  private static String unescaped(String value) {
    return value.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
