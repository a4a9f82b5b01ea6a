package io.parley.tools.kb;

import io.parley.core.attachment.AttachmentName;
import io.parley.core.citation.WebLink;
import io.parley.core.identity.Sha256;
import io.parley.core.language.LanguageTag;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A document to add to a tenant's knowledge base.
 *
 * @param title what the document is about; shown with every search hit, and searched
 * @param content the text, in {@code format}; at most {@value #MAX_CONTENT_CHARS} characters
 * @param format how {@code content} is written
 * @param source where it came from, for people (a URL, a file name, "api"); shown with hits
 * @param language the language it is written in, when its author says; else it is detected from its text
 * @param url where readers find it on the web (http or https), linked under the answers that cite it; empty for none
 * @throws IllegalArgumentException with a message fit for an API client when a part is missing or too long
 */
public record NewDocument(String title, String content, DocumentFormat format, String source,
    Optional<LanguageTag> language, String url) {
  public static final int MAX_TITLE_CHARS = 300;
  public static final int MAX_SOURCE_CHARS = 500;
  public static final int MAX_CONTENT_CHARS = 500_000;

  public NewDocument {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(language, "language");
    // Without format characters: a bidirectional override would show the title, or a file name as the source, reversed.
    title = title == null ? "" : AttachmentName.withoutFormatCharacters(title).strip();
    if (title.isEmpty()) throw new IllegalArgumentException("title must not be blank");
    if (title.length() > MAX_TITLE_CHARS) {
      throw new IllegalArgumentException("title is " + title.length() + " characters; the limit is " + MAX_TITLE_CHARS);
    }
    if (content == null || content.isBlank()) throw new IllegalArgumentException("content must not be blank");
    if (content.length() > MAX_CONTENT_CHARS) {
      throw new IllegalArgumentException("content is " + content.length() + " characters; the limit is "
          + MAX_CONTENT_CHARS + " (split the document)");
    }
    source = source == null || source.isBlank() ? "api" : AttachmentName.withoutFormatCharacters(source).strip();
    if (source.length() > MAX_SOURCE_CHARS) {
      throw new IllegalArgumentException("source is " + source.length() + " characters; the limit is " + MAX_SOURCE_CHARS);
    }
    String given = url == null ? "" : url.strip();
    url = given.isEmpty() ? "" : WebLink.safe(given).orElseThrow(() -> new IllegalArgumentException(
        "url must be an http or https address of at most " + WebLink.MAX_CHARS + " characters"));
  }

  public NewDocument(String title, String content, DocumentFormat format, String source, Optional<LanguageTag> language) {
    this(title, content, format, source, language, "");
  }

  /** SHA-256 of its title and content, hex: two documents with the same text have the same hash. */
  public String contentHash() {
    return HexFormat.of().formatHex(Sha256.of(title + "\n" + content));
  }

  /** A title read from a page or a file, as a document may hold it: stripped, cut to its limit, "Untitled" when empty. */
  public static String fittingTitle(String title) {
    String stripped = title.strip();
    if (stripped.isEmpty()) return "Untitled";
    return stripped.length() > MAX_TITLE_CHARS ? stripped.substring(0, MAX_TITLE_CHARS) : stripped;
  }

  public NewDocument(String title, String content, DocumentFormat format, String source) {
    this(title, content, format, source, Optional.empty());
  }

  public NewDocument(String title, String content, DocumentFormat format) {
    this(title, content, format, "api");
  }
}
