package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The widget's size budget (docs/performance.md): what a visitor downloads for it, the widget as
 * the node serves it and every client module it imports, compressed as a CDN compresses them
 * (gzip at its best), comes to at most 25 KB. The modules are read from the widget's own list of
 * those it imports at once, the one list of them, so a module it starts to import is measured too;
 * each is measured as the node serves it. Those it and its own modules ({@code widget-*.js}) load
 * when first used are not measured.
 */
class WidgetSizeTest {
  static final int BUDGET_BYTES = 25_000;
  private static final Pattern LOADED_LATER = Pattern.compile("load\\('([a-z-]+\\.js)'\\)");
  private static final Pattern IMPORTED = Pattern.compile("\\[((?:'[a-z-]+\\.js',? ?)+)\\]\\.map\\(\\(module\\) => import\\(");

  @Test
  void theWidgetAndTheClientItLoadsAtOnceStayWithin25KbCompressed() throws IOException {
    String widget = new String(WidgetScript.load(), StandardCharsets.UTF_8);
    Matcher imports = IMPORTED.matcher(widget);
    assertTrue(imports.find(), "the widget's list of client modules");
    List<String> modules = Arrays.stream(imports.group(1).split(",")).map(name -> name.strip().replace("'", "")).toList();
    assertTrue(ClientLibrary.MODULES.containsAll(modules), "the node serves every module the widget imports: " + modules);
    // The widget's own modules load parts of it later too.
    String widgetAndItsModules = widget + modules.stream().filter(module -> module.startsWith("widget-"))
        .map(module -> new String(ClientLibrary.served(module), StandardCharsets.UTF_8)).collect(Collectors.joining("\n"));
    List<String> later = LOADED_LATER.matcher(widgetAndItsModules).results().map(result -> result.group(1)).distinct().toList();
    assertTrue(!later.isEmpty() && ClientLibrary.MODULES.containsAll(later), "the node serves the modules the widget loads later: " + later);

    Map<String, Integer> compressed = new LinkedHashMap<>();
    compressed.put("widget.js", gzipped(WidgetScript.load()));
    for (String module : modules) compressed.put(module, gzipped(ClientLibrary.served(module)));
    int total = compressed.values().stream().mapToInt(Integer::intValue).sum();
    assertTrue(total <= BUDGET_BYTES, "the widget comes to " + total + " bytes compressed, over the budget of "
        + BUDGET_BYTES + ": " + compressed);
  }

  @Test
  void theServedWidgetLeavesOutCommentLinesOnly() {
    String source = """
        // a line comment
        const a = 1; // kept: code before it
        /** One line. */
        /**
         * A block.
         */
        const css = `/* a comment of the stylesheet */ .x { }`;
        """;
    assertEquals("const a = 1; // kept: code before it\nconst css = `/* a comment of the stylesheet */ .x { }`;\n",
        WidgetScript.asServed(source));
  }

  private static int gzipped(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      gzip.write(bytes);
    }
    return out.size();
  }
}
