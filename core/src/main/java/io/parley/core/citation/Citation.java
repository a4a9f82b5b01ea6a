package io.parley.core.citation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A help article an answer was built on, as the answer cites it: {@code ref} is the number the
 * answer's text cites it by ("[1]"), {@code documentId} the article's id in the tenant's knowledge
 * base, {@code url} where a reader finds it (empty when the article has none), {@code passage} the
 * text the answer was taken from, and {@code language} the article's language (a BCP 47 tag; empty
 * when not known), which tells a reader of another language that the article is not in theirs.
 */
public record Citation(int ref, String documentId, String title,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String url, String passage,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String language) {
  /** A passage longer than this is cut: it is shown under the answer, not read whole. */
  public static final int MAX_PASSAGE_CHARS = 600;

  public Citation {
    Objects.requireNonNull(documentId, "documentId");
    title = Objects.requireNonNullElse(title, "");
    url = WebLink.safe(url).orElse("");
    passage = Objects.requireNonNullElse(passage, "");
    if (passage.length() > MAX_PASSAGE_CHARS) passage = passage.substring(0, MAX_PASSAGE_CHARS - 1).strip() + "…";
    language = Objects.requireNonNullElse(language, "");
  }
}
