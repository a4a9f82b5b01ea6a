package io.parley.tools.kb;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a document's content is written; it decides how the text and its headings are found. */
public enum DocumentFormat {
  /** ATX ({@code ## Returns}) and setext headings start sections; inline markup is removed. */
  MARKDOWN,
  /** Paragraphs separated by blank lines, no headings. */
  TEXT,
  /** {@code h1}-{@code h6} start sections, block elements are paragraphs; scripts and styles are dropped. */
  HTML;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DocumentFormat> fromWireName(String name) {
    return Arrays.stream(values()).filter(format -> format.wireName().equals(name)).findFirst();
  }
}
