package io.parley.tools.kb;

import io.parley.core.language.LanguageDetection;
import io.parley.core.language.LanguageTag;
import java.util.List;
import java.util.Optional;

/**
 * The language a knowledge-base document is written in, which decides the analyzer that indexes
 * it: the one its author gave, else the one its text clearly shows ({@link LanguageDetection}),
 * else the tenant's, else English. Detection reads the title and the first
 * {@value #SAMPLE_CHARS} characters of the text: enough to tell the language, cheap for a long manual.
 */
final class DocumentLanguage {
  static final int SAMPLE_CHARS = 2_000;
  static final LanguageTag ENGLISH = new LanguageTag(SearchLanguages.FALLBACK);

  private DocumentLanguage() {}

  static LanguageTag of(Optional<LanguageTag> given, String title, List<Chunk> chunks, LanguageDetection detection,
      Optional<LanguageTag> tenant) {
    return given.or(() -> detected(title, chunks.stream().map(Chunk::text).toList(), detection, tenant))
        .or(() -> tenant).orElse(ENGLISH);
  }

  /** The language {@code texts} clearly show, read as if in the tenant's language until they say otherwise. */
  static Optional<LanguageTag> detected(String title, List<String> texts, LanguageDetection detection,
      Optional<LanguageTag> tenant) {
    StringBuilder sample = new StringBuilder(title);
    for (String text : texts) {
      if (sample.length() >= SAMPLE_CHARS) break;
      sample.append('\n').append(text);
    }
    String read = sample.length() > SAMPLE_CHARS ? sample.substring(0, SAMPLE_CHARS) : sample.toString();
    return detection.detect(read, tenant.orElse(ENGLISH));
  }
}
