package io.parley.tools.kb;

import java.util.List;

/**
 * A run of paragraphs under one heading.
 *
 * @param heading the path of headings above it, outermost first, joined by " > " ("Returns > Refund
 *     timing"); empty before the first heading and in plain text
 * @param paragraphs the text, one paragraph each, inline markup removed; none blank
 */
record Section(String heading, List<String> paragraphs) {
  Section {
    paragraphs = List.copyOf(paragraphs);
  }
}
