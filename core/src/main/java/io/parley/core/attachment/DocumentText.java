package io.parley.core.attachment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of an attached document as the model reads it: a PDF's (Apache PDFBox, its first
 * {@link #MAX_PAGES} pages), a text file's, cut to {@code maxChars}. CPU work: run it on
 * {@link io.parley.core.compute.CpuWork}.
 */
public final class DocumentText {
  public static final int MAX_PAGES = 50;
  public static final int DEFAULT_MAX_CHARS = 8_000;

  private DocumentText() {}

  /** The text, cut to {@code maxChars} with a mark saying so; empty for an image, or a PDF with no text (a scan). */
  public static String of(AttachmentType type, byte[] content, int maxChars) {
    String text = switch (type) {
      case PDF -> pdf(content);
      case TEXT -> new String(content, StandardCharsets.UTF_8);
      default -> "";
    };
    text = text.strip();
    return text.length() <= maxChars ? text : text.substring(0, maxChars) + "\n[… cut: the document goes on]";
  }

  private static String pdf(byte[] content) {
    try (PDDocument document = Loader.loadPDF(content)) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setEndPage(MAX_PAGES);
      return stripper.getText(document);
    } catch (IOException e) {
      throw new UnreadableImageException("the PDF cannot be read: " + e.getMessage());
    }
  }
}
