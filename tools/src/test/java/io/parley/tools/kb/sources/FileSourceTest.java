package io.parley.tools.kb.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.UsageLimits;
import io.parley.core.compute.CpuWork;
import io.parley.core.testing.ClassResource;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.net.OutboundHttp;
import io.parley.persistence.Dialect;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.files.FileBounds;
import io.parley.tools.kb.files.FileImport;
import io.parley.tools.kb.files.FileImportTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files uploaded to a files source, on H2 and PostgreSQL: each file a page of the source with its
 * status; the same zip again stores nothing again, a changed file is updated, one gone from the
 * zip retired; a refused zip changes nothing and says so in the outcome; and the tenant's documents
 * limit counts the uploaded files with its other sources' pages.
 */
class FileSourceTest {
  private static final MiniLmEmbeddingModel MODEL = new MiniLmEmbeddingModel().load();
  private static final FileBounds BOUNDS = new FileBounds(5_000_000, 10, 1_000_000, Duration.ofSeconds(30), 1);
  @RegisterExtension
  static final ClassResource<CpuWork> pool =
      ClassResource.of(() -> CpuWork.start("parley-kb-files-source-test", 1), CpuWork::close);
  private static final SourceSettings NODE = new SourceSettings(20, 1000, 5000, 2_000_000, 500_000_000L,
      Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(24),
      Duration.ofMinutes(15));

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();


  @OnEachDialect
  void anUploadIsASyncOfItsSourceAndReplacingAZipStoresOnlyWhatChanged(Dialect dialect) throws Exception {
    DataSource data = databases.open(dialect).dataSource();
    KnowledgeBase kb = new KnowledgeBase(data, MODEL);
    List<String> synced = new ArrayList<>();
    KnowledgeSources sources = sources(data, kb, UsageLimits.none(), new SourceMetrics() {
      @Override
      public void count(KnowledgeSource source, SourceCounters more) {
        synced.add("counted " + more);
      }

      @Override
      public void synced(KnowledgeSource source, boolean failed) {
        synced.add(failed ? "refused" : "synced");
      }
    });
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("help/returns.md", text("# Returns\n\nA platypus kit can be returned within 30 days."));
    entries.put("help/notes.txt", text("Quokka cleaning: use a dry cloth."));
    entries.put("help/old.md", text("# Old\n\nThe numbat catalogue of last year."));
    entries.put("help/logo.png", new byte[] {1, 2, 3});

    KnowledgeSources.Upload first = sources.upload("acme", Optional.empty(), "help.zip", FileImportTest.zip(entries)).orElseThrow();
    assertEquals(List.of("imported", "imported", "imported", "failed"), statuses(first));
    KnowledgeSource source = sources.find("acme", first.sourceId()).orElseThrow();
    assertEquals(SourceKind.FILES, source.definition().kind());
    assertEquals(KnowledgeSources.UPLOADS, source.definition().name());
    assertEquals(Optional.of("help.zip: 3 imported, 1 failed"), source.lastOutcome());
    int bytes = FileImportTest.zip(entries).length;
    assertEquals(List.of("counted " + new SourceCounters(3, 0, 1, bytes), "synced"), synced, "an upload counts as a sync");
    assertEquals(new SourceCounters(3, 0, 1, bytes), source.counters());
    assertFalse(source.syncing());
    assertEquals(List.of("help.zip!/help/logo.png", "help.zip!/help/notes.txt", "help.zip!/help/old.md",
        "help.zip!/help/returns.md"), sources.pages("acme", first.sourceId()).orElseThrow().stream().map(SourcePage::url).toList());
    assertEquals(Optional.of("help/logo.png is not HTML, Markdown, PDF, Word (.docx) or plain text (by its name's extension)"),
        page(sources, first.sourceId(), "help.zip!/help/logo.png").reason());
    assertTrue(kb.search("acme", "platypus kit", 1).get(0).text().contains("30 days"));

    entries.put("help/returns.md", text("# Returns\n\nA platypus kit can be returned within 60 days."));
    entries.remove("help/old.md");
    KnowledgeSources.Upload again = sources.upload("acme", Optional.of(first.sourceId()), "help.zip",
        FileImportTest.zip(entries)).orElseThrow();
    assertEquals(List.of("updated", "unchanged", "failed"), statuses(again));
    assertEquals(Optional.of("help.zip: 1 unchanged, 1 updated, 1 failed, 1 retired"),
        sources.find("acme", first.sourceId()).orElseThrow().lastOutcome());
    SourcePage old = page(sources, first.sourceId(), "help.zip!/help/old.md");
    assertEquals(PageStatus.RETIRED, old.status(), "a file gone from the zip leaves the index");
    assertTrue(kb.search("acme", "numbat catalogue", 3).stream().noneMatch(hit -> hit.title().equals("Old")));
    String notes = page(sources, first.sourceId(), "help.zip!/help/notes.txt").documentId();
    assertEquals(1, kb.versions("acme", notes).size(), "an unchanged file is not stored again");
    assertEquals(2, kb.versions("acme", page(sources, first.sourceId(), "help.zip!/help/returns.md").documentId()).size());

    assertEquals(List.of("imported"), statuses(sources.upload("acme", Optional.empty(), "faq.md",
        text("# FAQ\n\nAsk us anything.")).orElseThrow()), "another upload to the same source leaves the zip's files alone");
    assertEquals(PageStatus.UPDATED, page(sources, first.sourceId(), "help.zip!/help/returns.md").status());

    assertTrue(assertThrows(IllegalArgumentException.class, () -> sources.upload("acme", Optional.of(first.sourceId()),
        "bad.zip", FileImportTest.zip(Map.of("../x.md", text("# X\n\nx"))))).getMessage().contains("points outside the zip"));
    assertTrue(sources.find("acme", first.sourceId()).orElseThrow().lastOutcome().orElseThrow()
        .startsWith("bad.zip refused, nothing stored: the zip's entry ../x.md points outside the zip"));
    assertEquals("refused", synced.getLast());
    assertEquals(Optional.empty(), sources.upload("acme", Optional.of("no-such-source"), "faq.md", text("# FAQ\n\nx")));
    assertThrows(IllegalArgumentException.class, () -> sources.syncNow("acme", first.sourceId()),
        "a files source syncs when files are uploaded");
  }

  @OnEachDialect
  void uploadedFilesCountAgainstTheTenantsDocuments(Dialect dialect) throws Exception {
    DataSource data = databases.open(dialect).dataSource();
    KnowledgeBase kb = new KnowledgeBase(data, MODEL);
    KnowledgeSources sources = sources(data, kb, new UsageLimits(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(2)),
        SourceMetrics.NONE);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a.md", text("# Alpha\n\nThe aardvark answer."));
    entries.put("b.md", text("# Beta\n\nThe bilby answer."));
    entries.put("c.md", text("# Gamma\n\nThe cassowary answer."));
    KnowledgeSources.Upload upload = sources.upload("acme", Optional.empty(), "kb.zip", FileImportTest.zip(entries)).orElseThrow();
    assertEquals(List.of("imported", "imported", "failed"), statuses(upload));
    assertEquals(Optional.of("the tenant's sources hold their limit of 2 documents"), upload.files().get(2).reason());
    assertEquals(List.of("imported"), statuses(sources.upload("acme", Optional.empty(), "kb.zip",
        FileImportTest.zip(Map.of("c.md", entries.get("c.md")))).orElseThrow()), "a retired file makes room for another");
  }

  private static KnowledgeSources sources(DataSource data, KnowledgeBase kb, UsageLimits limits, SourceMetrics metrics) {
    return new KnowledgeSources(data, kb, new OutboundHttp(OutboundAddressPolicy.parse("")), pool.get(), NODE, Clock.systemUTC(),
        new SourceTenants(tenant -> Optional.empty(), tenant -> limits), metrics,
        new FileImport(kb, pool.get(), BOUNDS, System::nanoTime));
  }

  private static List<String> statuses(KnowledgeSources.Upload upload) {
    return upload.files().stream().map(FileImport.Imported::status).toList();
  }

  private static SourcePage page(KnowledgeSources sources, String sourceId, String url) {
    return sources.pages("acme", sourceId).orElseThrow().stream().filter(page -> page.url().equals(url)).findFirst()
        .orElseThrow();
  }

  private static byte[] text(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
