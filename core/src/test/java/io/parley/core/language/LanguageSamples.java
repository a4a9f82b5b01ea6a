package io.parley.core.language;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The samples a rule's test in each language reads, with the language's pack: a UTF-8 resource
 * beside the test, one sample a line, its columns separated by tabs (the last column takes the rest
 * of the line); blank lines and lines starting with {@code #} are left out.
 */
public record LanguageSamples(LanguagePack pack, List<String[]> samples) {
  /** The samples of {@code language} in {@code resource} beside {@code test}, with its pack. */
  public static LanguageSamples of(Class<?> test, String language, String resource, int columns) throws IOException {
    return new LanguageSamples(LanguagePack.find(language).orElseThrow(), read(test, resource, columns));
  }

  public static List<String[]> read(Class<?> beside, String resource, int columns) throws IOException {
    try (InputStream in = beside.getResourceAsStream(resource)) {
      if (in == null) throw new IOException("no samples " + resource + " beside " + beside.getName());
      List<String[]> samples = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) samples.add(line.split("\t", columns));
      }
      return List.copyOf(samples);
    }
  }

  /** The samples {@code readRightly} refuses, each as its line, so that a failure lists them all. */
  public List<String> misread(Predicate<String[]> readRightly) {
    return samples.stream().filter(readRightly.negate()).map(sample -> String.join("\t", sample)).toList();
  }
}
