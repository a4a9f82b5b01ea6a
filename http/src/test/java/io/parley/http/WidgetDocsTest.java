package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/widget.md pins the widget this build ships: its versioned URL and its integrity hash. */
class WidgetDocsTest {
  private static final Pattern INTEGRITY = Pattern.compile("integrity=\"(sha384-[A-Za-z0-9+/=]+)\"");
  private static final Pattern VERSIONED = Pattern.compile("/widget/([0-9A-Za-z.-]+)/widget\\.js");

  @Test
  void theIntegrityHashAndVersionOfTheDocsAreTheScriptsOwn() throws Exception {
    byte[] script = WidgetScript.load();
    String page = Files.readString(Path.of("..", "docs", "widget.md"));
    String hash = "sha384-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(script));
    assertEquals(List.of(hash), all(INTEGRITY.matcher(page)),
        "docs/widget.md's integrity hash is not widget.js's: put " + hash + " there");
    String version = WidgetScript.versionOf(new String(script, StandardCharsets.UTF_8));
    List<String> versions = all(VERSIONED.matcher(page));
    assertTrue(!versions.isEmpty() && versions.stream().allMatch(version::equals),
        "docs/widget.md names versions " + versions + ", the script is " + version);
  }

  private static List<String> all(Matcher matcher) {
    return matcher.results().map(result -> result.group(1)).toList();
  }
}
