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
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The widget's size budget (docs/performance.md): what a visitor downloads for it, the widget as
 * the node serves it and every client module it imports, compressed as a CDN compresses them
 * (gzip at its best), comes to at most 26 KB. The modules are read from the widget's own import
 * list, so a module it starts to import is measured too; each is measured as the node serves it.
 */
class WidgetSizeTest {
  static final int BUDGET_BYTES = 26_000;
  private static final Pattern IMPORTED = Pattern.compile("\\[((?:'[a-z-]+\\.js',? ?)+)\\]\\.map\\(\\(module\\) => import\\(");

  @Test
  void theWidgetAndTheClientItLoadsStayWithin26KbCompressed() throws IOException {
    String widget = new String(WidgetScript.load(), StandardCharsets.UTF_8);
    Matcher imports = IMPORTED.matcher(widget);
    assertTrue(imports.find(), "the widget's list of client modules");
    List<String> modules = Arrays.stream(imports.group(1).split(",")).map(name -> name.strip().replace("'", "")).toList();
    assertEquals(List.of("parley-client.js", "attachments.js", "agent-avatar.js", "conversation.js", "bubble-list.js", "texts.js", "contact-prompt.js",
        "reply-options.js"), modules);

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
