package io.parley.tools.kb.files;

import java.io.ByteArrayInputStream;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A Word document's text as Markdown: each paragraph of {@code word/document.xml} a paragraph, one
 * styled as a heading ({@code Heading1}..{@code Heading6}, {@code Title}) a heading, so the chunker
 * cuts sections by them. The docx is itself a zip, read within the same bounds as an uploaded one;
 * its XML is read with no DTD and no external entities.
 */
final class DocxText {
  private static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  private static final XMLInputFactory XML = XMLInputFactory.newFactory();

  static {
    XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
  }

  private DocxText() {}

  /** @throws IllegalArgumentException when it is no Word document or cannot be read */
  static String of(byte[] docx, FileBounds bounds, ExtractionClock clock) {
    if (!ArchiveEntries.isZip(docx)) throw new IllegalArgumentException("is not a Word document (.docx)");
    byte[] body = ArchiveEntries.read(docx, bounds, clock).stream().filter(file -> file.path().equals("word/document.xml"))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("is a zip without word/document.xml, not a Word document"))
        .content();
    StringBuilder text = new StringBuilder();
    StringBuilder paragraph = new StringBuilder();
    int level = 0;
    try {
      XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT && W.equals(reader.getNamespaceURI())) {
          switch (reader.getLocalName()) {
            case "p" -> {
              paragraph.setLength(0);
              level = 0;
            }
            case "pStyle" -> level = headingLevel(reader.getAttributeValue(W, "val"));
            case "t" -> paragraph.append(reader.getElementText());
            case "tab" -> paragraph.append('\t');
            case "br" -> paragraph.append('\n');
            default -> { }
          }
        } else if (event == XMLStreamConstants.END_ELEMENT && W.equals(reader.getNamespaceURI())
            && reader.getLocalName().equals("p")) {
          String line = paragraph.toString().strip();
          if (!line.isEmpty()) text.append(level > 0 ? "#".repeat(level) + " " : "").append(line).append("\n\n");
          clock.check();
        }
      }
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("is a Word document whose text cannot be read: " + e.getMessage());
    }
    return text.toString().strip();
  }

  private static int headingLevel(String style) {
    if (style == null) return 0;
    String name = style.toLowerCase(Locale.ROOT);
    if (name.equals("title")) return 1;
    if (name.matches("heading[1-6]")) return name.charAt(7) - '0';
    return 0;
  }
}
