package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists exactly the PARLEY_* variables the node reads. */
class ConfigurationDocsTest {
  private static final Pattern OVERRIDE = Pattern.compile("\\$\\{\\??(PARLEY_[A-Z0-9_]+)");
  private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(PARLEY_[A-Z0-9_]+)`", Pattern.MULTILINE);

  @Test
  void readmeDocumentsEveryEnvironmentVariable() throws IOException {
    Set<String> read = new TreeSet<>();
    for (String resource : new String[] {"reference.conf", "application.conf", "cluster.conf", "logback.xml"}) {
      for (URL url : Collections.list(getClass().getClassLoader().getResources(resource))) {
        try (InputStream in = url.openStream()) {
          collect(OVERRIDE, new String(in.readAllBytes(), StandardCharsets.UTF_8), read);
        }
      }
    }
    Set<String> documented = new TreeSet<>();
    collect(DOCUMENTED, Files.readString(Path.of("..", "README.md")), documented);
    assertEquals(read, documented, "README.md's configuration table and the configuration files disagree");
  }

  private static void collect(Pattern pattern, String text, Set<String> into) {
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) into.add(matcher.group(1));
  }
}
