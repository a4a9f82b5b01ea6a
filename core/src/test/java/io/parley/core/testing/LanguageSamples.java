package io.parley.core.testing;

import io.parley.core.language.LanguagePack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The samples a language's rules are tested on, with the language's pack: a tab-separated resource
 * beside the test, one sample a line, {@code #} lines and blank lines passed over.
 */
public record LanguageSamples(LanguagePack pack, List<String[]> samples) {
  /**
   * The samples of {@code language} in {@code resource} beside {@code test}, each line split into at
   * most {@code columns} columns (the last keeps its tabs).
   */
  public static LanguageSamples read(Class<?> test, String language, String resource, int columns) throws IOException {
    try (InputStream in = test.getResourceAsStream(resource)) {
      if (in == null) throw new IOException("no resource " + resource + " beside " + test.getName());
      List<String[]> samples = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) samples.add(line.split("\t", columns));
      }
      return new LanguageSamples(LanguagePack.find(language).orElseThrow(), List.copyOf(samples));
    }
  }

  /** The samples {@code readRightly} refuses, each as its line, so that a failure lists them all. */
  public List<String> misread(Predicate<String[]> readRightly) {
    return samples.stream().filter(readRightly.negate()).map(sample -> String.join("\t", sample)).toList();
  }
}
