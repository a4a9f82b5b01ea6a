package io.parley.core.language;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The samples a rule's test in each language reads: a UTF-8 resource beside the test, one sample a
 * line, its columns separated by tabs (the last column takes the rest of the line); blank lines and
 * lines starting with {@code #} are left out.
 */
public final class LanguageSamples {
  private LanguageSamples() {}

  public static List<String[]> read(Class<?> beside, String resource, int columns) throws IOException {
    try (InputStream in = beside.getResourceAsStream(resource)) {
      if (in == null) throw new IOException("no samples " + resource + " beside " + beside.getName());
      List<String[]> samples = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) samples.add(line.split("\t", columns));
      }
      return samples;
    }
  }
}
