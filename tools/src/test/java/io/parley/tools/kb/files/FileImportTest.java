package io.parley.tools.kb.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.compute.CpuWork;
import io.parley.core.testing.ClassResource;
import io.parley.persistence.Dialect;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.NewDocument;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files uploaded to the knowledge base, read: a zip of HTML, Markdown, text, PDF and Word files a
 * document each, a file of no known kind failing alone, and zips refused as a whole: a path out of
 * the zip, a bomb, too many files, out of time. What a files source does with them: FileSourceTest.
 */
public class FileImportTest {
  private static final MiniLmEmbeddingModel MODEL = new MiniLmEmbeddingModel().load();
  private static final FileBounds BOUNDS = new FileBounds(5_000_000, 10, 1_000_000, Duration.ofSeconds(30), 1);
  @RegisterExtension
  static final ClassResource<CpuWork> pool =
      ClassResource.of(() -> CpuWork.start("parley-kb-files-test", 1), CpuWork::close);

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();


  @OnEachDialect
  void aZipsFilesAreReadADocumentEachAndAFileOfNoKnownKindFailsAlone(Dialect dialect) throws Exception {
    KnowledgeBase kb = new KnowledgeBase(databases.open(dialect).dataSource(), MODEL);
    FileImport files = new FileImport(kb, pool.get(), BOUNDS, System::nanoTime);
    List<FileImport.Read> read = files.read("acme", "help.zip", zip(helpCentre()));

    assertEquals(List.of("help.zip!/help/returns.md", "help.zip!/help/shipping.html", "help.zip!/help/notes.txt",
        "help.zip!/help/warranty.pdf", "help.zip!/help/setup.docx", "help.zip!/help/logo.png"),
        read.stream().map(FileImport.Read::page).toList());
    assertEquals(List.of("Returns", "Shipping", "notes", "warranty", "setup"),
        read.stream().flatMap(file -> file.document().stream()).map(NewDocument::title).toList());
    assertEquals(Optional.of("help/logo.png is not HTML, Markdown, PDF, Word (.docx) or plain text (by its name's extension)"),
        read.get(5).reason());
    files.store("acme", "warranty", read.get(3).document().orElseThrow(), Optional.empty());
    files.store("acme", "setup", read.get(4).document().orElseThrow(), Optional.empty());
    assertTrue(kb.search("acme", "echidna warranty", 1).get(0).text().contains("two years"), "the PDF's text is searchable");
    assertEquals("Setting up the gizmo", kb.search("acme", "gizmo charger", 1).get(0).section(), "the Word heading is a section");
    assertEquals(List.of("faq.md"), files.read("acme", "faq.md", "# FAQ\n\nAsk us anything.".getBytes(StandardCharsets.UTF_8))
        .stream().map(FileImport.Read::page).toList(), "one file on its own is its own page");
  }

  /** A help centre's files: Markdown, HTML, text, PDF, Word, and a picture that is none of them. */
  private static Map<String, byte[]> helpCentre() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("help/returns.md", "# Returns\n\nA platypus kit can be returned within 30 days.".getBytes(StandardCharsets.UTF_8));
    entries.put("help/shipping.html", "<html><head><title>Shipping</title></head><body><p>Wombat parcels ship in two days.</p></body></html>"
        .getBytes(StandardCharsets.UTF_8));
    entries.put("help/notes.txt", "Quokka cleaning: use a dry cloth.".getBytes(StandardCharsets.UTF_8));
    entries.put("help/warranty.pdf", pdf("The echidna warranty lasts two years."));
    entries.put("help/setup.docx", docx());
    entries.put("help/logo.png", new byte[] {1, 2, 3});
    return entries;
  }

  @Test
  void aZipThatClimbsOutOrIsABombOrTooLargeIsRefused() throws Exception {
    FileImport files = new FileImport(null, pool.get(), BOUNDS, System::nanoTime);
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
    FileImport slow = new FileImport(null, pool.get(), BOUNDS, () -> now.addAndGet(Duration.ofSeconds(20).toNanos()));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> slow.read("acme", "many.zip", zip(many.entrySet().stream()
        .limit(3).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))))
        .getMessage().startsWith("reading the upload took longer than this server's limit of 30000 ms"));
  }

  @Test
  void anUploadPastItsBytesIsRefusedBeforeItIsRead() {
    FileImport files = new FileImport(null, pool.get(), new FileBounds(10, 10, 100, Duration.ofSeconds(1), 1), System::nanoTime);
    assertEquals("the upload is 11 bytes; this server's limit is 10", assertThrows(IllegalArgumentException.class,
        () -> files.read("acme", "a.txt", new byte[11])).getMessage());
  }

  private static String refusal(FileImport files, byte[] zip) {
    return assertThrows(IllegalArgumentException.class, () -> files.read("acme", "upload.zip", zip)).getMessage();
  }

  public static byte[] zip(Map<String, byte[]> entries) throws IOException {
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
