package io.parley.tools.kb.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.compute.CpuWork;
import io.parley.persistence.Dialect;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import io.parley.tools.kb.KnowledgeBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files uploaded to the knowledge base: a zip of HTML, Markdown, text, PDF and Word files stored a
 * document each (uploaded again: unchanged), a file of no known kind failing alone, and zips refused
 * as a whole, nothing stored: a path out of the zip, a bomb, too many files, out of time.
 */
class FileImportTest {
  private static final MiniLmEmbeddingModel MODEL = new MiniLmEmbeddingModel().load();
  private static final FileBounds BOUNDS = new FileBounds(5_000_000, 10, 1_000_000, Duration.ofSeconds(30), 1);
  private static final CpuWork POOL = CpuWork.start("parley-kb-files-test", 1);

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @AfterAll
  static void stop() {
    POOL.close();
  }

  @OnEachDialect
  void aZipsFilesAreADocumentEachAndUploadedAgainUnchanged(Dialect dialect) throws Exception {
    KnowledgeBase kb = new KnowledgeBase(databases.open(dialect).dataSource(), MODEL);
    FileImport files = new FileImport(kb, POOL, BOUNDS, System::nanoTime);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("help/returns.md", "# Returns\n\nA platypus kit can be returned within 30 days.".getBytes(StandardCharsets.UTF_8));
    entries.put("help/shipping.html", "<html><head><title>Shipping</title></head><body><p>Wombat parcels ship in two days.</p></body></html>"
        .getBytes(StandardCharsets.UTF_8));
    entries.put("help/notes.txt", "Quokka cleaning: use a dry cloth.".getBytes(StandardCharsets.UTF_8));
    entries.put("help/warranty.pdf", pdf("The echidna warranty lasts two years."));
    entries.put("help/setup.docx", docx());
    entries.put("help/logo.png", new byte[] {1, 2, 3});
    List<FileImport.Imported> imported = files.upload("acme", "help.zip", zip(entries), Optional.empty());

    assertEquals(List.of("imported", "imported", "imported", "imported", "imported", "failed"),
        imported.stream().map(FileImport.Imported::status).toList(), imported.toString());
    assertEquals(List.of("Returns", "Shipping", "notes", "warranty", "setup", ""),
        imported.stream().map(FileImport.Imported::title).toList());
    assertEquals(Optional.of("help/logo.png is not HTML, Markdown, PDF, Word (.docx) or plain text (by its name's extension)"),
        imported.get(5).reason());
    assertTrue(kb.search("acme", "echidna warranty", 1).get(0).text().contains("two years"), "the PDF's text is searchable");
    assertEquals("Setting up the gizmo", kb.search("acme", "gizmo charger", 1).get(0).section(), "the Word heading is a section");

    List<FileImport.Imported> again = files.upload("acme", "help.zip", zip(entries), Optional.empty());
    assertEquals("unchanged", again.get(0).status());
    assertEquals(imported.get(0).documentId(), again.get(0).documentId(), "the same path is the same document");
    entries.put("help/returns.md", "# Returns\n\nA platypus kit can be returned within 60 days.".getBytes(StandardCharsets.UTF_8));
    assertEquals("updated", files.upload("acme", "help.zip", zip(entries), Optional.empty()).get(0).status());
    assertEquals("imported", files.upload("acme", "faq.md", "# FAQ\n\nAsk us anything.".getBytes(StandardCharsets.UTF_8),
        Optional.empty()).get(0).status(), "one file on its own");
  }

  @OnEachDialect
  void aZipThatClimbsOutOrIsABombOrTooLargeIsRefusedAndNothingIsStored(Dialect dialect) throws Exception {
    KnowledgeBase kb = new KnowledgeBase(databases.open(dialect).dataSource(), MODEL);
    FileImport files = new FileImport(kb, POOL, BOUNDS, System::nanoTime);
    byte[] fine = "# Fine\n\nText.".getBytes(StandardCharsets.UTF_8);
    assertEquals("the zip's entry ../../etc/cron.d/x.md points outside the zip (an absolute path or ..): refused",
        refusal(files, zip(Map.of("a.md", fine, "../../etc/cron.d/x.md", fine))));
    assertTrue(refusal(files, zip(Map.of("/etc/passwd.txt", fine))).contains("points outside the zip"));
    assertTrue(refusal(files, zip(Map.of("C:\\boot.txt", fine))).contains("points outside the zip"));
    assertEquals("the zip's files hold more than 1000000 bytes, this server's limit (a zip bomb is refused this way too)",
        refusal(files, zip(Map.of("bomb.txt", new byte[4_000_000]))));
    Map<String, byte[]> many = new LinkedHashMap<>();
    for (int n = 0; n < 11; n++) many.put("page-" + n + ".md", fine);
    assertEquals("the zip holds more than 10 files, this server's limit", refusal(files, zip(many)));
    AtomicLong now = new AtomicLong();
    FileImport slow = new FileImport(kb, POOL, BOUNDS, () -> now.addAndGet(Duration.ofSeconds(20).toNanos()));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> slow.upload("acme", "many.zip", zip(many.entrySet().stream()
        .limit(3).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))), Optional.empty()))
        .getMessage().startsWith("reading the upload took longer than this server's limit of 30000 ms"));
    assertEquals(List.of(), kb.list("acme"), "nothing of a refused upload is stored");
  }

  @Test
  void anUploadPastItsBytesIsRefusedBeforeItIsRead() {
    FileImport files = new FileImport(null, POOL, new FileBounds(10, 10, 100, Duration.ofSeconds(1), 1), System::nanoTime);
    assertEquals("the upload is 11 bytes; this server's limit is 10", assertThrows(IllegalArgumentException.class,
        () -> files.upload("acme", "a.txt", new byte[11], Optional.empty())).getMessage());
  }

  private static String refusal(FileImport files, byte[] zip) {
    return assertThrows(IllegalArgumentException.class, () -> files.upload("acme", "upload.zip", zip, Optional.empty()))
        .getMessage();
  }

  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        out.write(entry.getValue());
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] pdf(String text) throws IOException {
    try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      document.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        content.newLineAtOffset(50, 700);
        content.showText(text);
        content.endText();
      }
      document.save(out);
      return out.toByteArray();
    }
  }

  /** A Word document with a heading and a paragraph under it, as Word writes them. */
  private static byte[] docx() throws IOException {
    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
        + "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Setting up the gizmo</w:t></w:r></w:p>"
        + "<w:p><w:r><w:t xml:space=\"preserve\">Plug the gizmo charger </w:t></w:r><w:r><w:t>into any socket.</w:t></w:r></w:p>"
        + "</w:body></w:document>";
    return zip(Map.of("[Content_Types].xml", "<Types/>".getBytes(StandardCharsets.UTF_8),
        "word/document.xml", body.getBytes(StandardCharsets.UTF_8)));
  }
}
