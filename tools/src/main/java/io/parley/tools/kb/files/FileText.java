package io.parley.tools.kb.files;

import io.parley.core.attachment.AttachmentType;
import io.parley.core.attachment.DocumentText;
import io.parley.tools.kb.DocumentFormat;
import io.parley.tools.kb.NewDocument;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;

/**
 * An uploaded file as a knowledge-base document, by its name's extension: HTML (titled by its {@code
 * title}), Markdown (by its first {@code #} heading), plain text, PDF (its text as attachments read it, Apache PDFBox, {@link DocumentText})
 * and Word ({@link DocxText}); the title is the document's own or the file's name. CPU work.
 */
final class FileText {
  static final String KINDS = "HTML, Markdown, PDF, Word (.docx) or plain text";

  private FileText() {}

  /** @throws IllegalArgumentException saying why the file cannot be a document */
  static NewDocument of(UploadedFile file, FileBounds bounds, ExtractionClock clock) {
    String name = file.path().substring(file.path().lastIndexOf('/') + 1);
    String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    NewDocument document = switch (extension) {
      case "html", "htm" -> {
        String html = utf8(file);
        String title = Jsoup.parse(html).title().strip();
        yield new NewDocument(NewDocument.fittingTitle(title.isEmpty() ? stem : title), html, DocumentFormat.HTML, file.path());
      }
      case "md", "markdown" -> {
        String markdown = utf8(file);
        yield new NewDocument(NewDocument.fittingTitle(firstHeading(markdown).orElse(stem)), markdown, DocumentFormat.MARKDOWN, file.path());
      }
      case "txt", "text" -> new NewDocument(NewDocument.fittingTitle(stem), utf8(file), DocumentFormat.TEXT, file.path());
      case "pdf" -> new NewDocument(NewDocument.fittingTitle(stem), DocumentText.of(AttachmentType.PDF, file.content(), NewDocument.MAX_CONTENT_CHARS - 100),
          DocumentFormat.TEXT, file.path());
      case "docx" -> new NewDocument(NewDocument.fittingTitle(stem), DocxText.of(file.content(), bounds, clock), DocumentFormat.MARKDOWN, file.path());
      default -> throw new IllegalArgumentException("is not " + KINDS + " (by its name's extension)");
    };
    if (document.content().isBlank()) throw new IllegalArgumentException("has no text (a scanned PDF has none)");
    return document;
  }

  private static Optional<String> firstHeading(String markdown) {
    return markdown.lines().map(String::strip).filter(line -> line.startsWith("# ")).map(line -> line.substring(2))
        .findFirst();
  }

  private static String utf8(UploadedFile file) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(file.content())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("is not UTF-8 text");
    }
  }

}
