package io.parley.tools.kb;

import io.parley.core.WireName;
import java.util.Optional;

/** How a document's content is written; it decides how the text and its headings are found. */
public enum DocumentFormat implements WireName.InJson {
  /** ATX ({@code ## Returns}) and setext headings start sections; inline markup is removed. */
  MARKDOWN,
  /** Paragraphs separated by blank lines, no headings. */
  TEXT,
  /** {@code h1}-{@code h6} start sections, block elements are paragraphs; scripts and styles are dropped. */
  HTML;

  public static Optional<DocumentFormat> fromWireName(String name) {
    return WireName.find(values(), name);
  }
}
