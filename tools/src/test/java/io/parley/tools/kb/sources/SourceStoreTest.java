package io.parley.tools.kb.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import io.parley.tools.kb.DocumentFormat;
import io.parley.tools.kb.DocumentVersion;
import io.parley.tools.kb.KbDocument;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.kb.NewDocument;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lease that gives a source's sync to one node at a time, the run a node that took over
 * resumes, pages keyed by source and URL, and a source's documents stored and retired with their
 * versions, on H2 and PostgreSQL.
 */
class SourceStoreTest {
  private static final MiniLmEmbeddingModel MODEL = new MiniLmEmbeddingModel().load();
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(2);

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void oneNodeHoldsASourceUntilItsLeaseLapsesAndTheNextResumesTheSameRun(Dialect dialect) {
    SourceStore store = new SourceStore(databases.open(dialect).dataSource());
    store.add(source("acme", "s1", T0));

    SourceStore.Claim first = store.claim("acme", "s1", "node-a", T0, T0.plus(LEASE)).orElseThrow();
    assertEquals(new SourceStore.Claim("acme", "s1", 1, false), first);
    assertEquals(Optional.empty(), store.claim("acme", "s1", "node-b", T0.plusSeconds(30), T0.plusSeconds(30).plus(LEASE)),
        "a live lease keeps the other node out");
    assertTrue(store.renew(first, "node-a", T0.plusSeconds(60).plus(LEASE)));
    assertTrue(store.claimable(T0.plusSeconds(90), 10).isEmpty(), "nothing to claim while node-a renews");

    Instant lapsed = T0.plusSeconds(60).plus(LEASE).plusSeconds(1);
    assertEquals(List.of(new SourceStore.Claim("acme", "s1", 1, true)), store.claimable(lapsed, 10));
    SourceStore.Claim taken = store.claim("acme", "s1", "node-b", lapsed, lapsed.plus(LEASE)).orElseThrow();
    assertEquals(new SourceStore.Claim("acme", "s1", 1, true), taken, "the open run is resumed, not a new one started");
    assertFalse(store.renew(first, "node-a", lapsed.plus(LEASE)), "node-a learns it lost the source and stops");

    store.finish(taken, "node-b", "2 imported", lapsed.plusSeconds(5), new SourceCounters(2, 0, 0, 100));
    KnowledgeSource finished = store.find("acme", "s1").orElseThrow();
    assertFalse(finished.syncing());
    assertEquals(Optional.of("2 imported"), finished.lastOutcome());
    assertEquals(lapsed.plusSeconds(5).plus(Duration.ofHours(6)), finished.nextSyncAt());
    assertEquals(new SourceCounters(2, 0, 0, 100), finished.counters());
    assertEquals(Optional.empty(), store.claim("acme", "s1", "node-a", lapsed.plusSeconds(10), lapsed.plus(LEASE)),
        "not due again before syncEvery");
    Instant due = finished.nextSyncAt();
    assertEquals(2, store.claim("acme", "s1", "node-a", due, due.plus(LEASE)).orElseThrow().run());
    assertEquals(Optional.empty(), store.find("globex", "s1"), "another tenant has no such source");
  }

  @OnEachDialect
  void anOpenRunsProgressIsItsPagesDealtWithOfThoseListedAndAResumedRunCountsOn(Dialect dialect) {
    SourceStore store = new SourceStore(databases.open(dialect).dataSource());
    store.add(source("acme", "s1", T0));
    store.save("acme", "s1", page("https://help.example.com/old", 0));
    SourceStore.Claim claim = store.claim("acme", "s1", "node-a", T0, T0.plus(LEASE)).orElseThrow();
    assertEquals(Optional.empty(), store.find("acme", "s1").orElseThrow().progress(), "nothing listed yet");
    store.plan(claim, 3);
    store.save("acme", "s1", page("https://help.example.com/a", claim.run()));
    assertEquals(Optional.of(new SyncProgress(1, 3)), store.find("acme", "s1").orElseThrow().progress(),
        "the page of the run before is not counted");

    Instant lapsed = T0.plus(LEASE).plusSeconds(1);
    SourceStore.Claim resumed = store.claim("acme", "s1", "node-b", lapsed, lapsed.plus(LEASE)).orElseThrow();
    assertEquals(Optional.of(new SyncProgress(1, 3)), store.list("acme").get(0).progress(), "a resumed run counts on");
    store.finish(resumed, "node-b", "1 imported", lapsed, SourceCounters.NONE);
    assertEquals(Optional.empty(), store.find("acme", "s1").orElseThrow().progress(), "no run open");
    Instant due = store.find("acme", "s1").orElseThrow().nextSyncAt();
    store.claim("acme", "s1", "node-a", due, due.plus(LEASE)).orElseThrow();
    assertEquals(Optional.empty(), store.find("acme", "s1").orElseThrow().progress(), "a new run starts unlisted");
  }

  private static SourcePage page(String url, long run) {
    return new SourcePage(url, "doc-" + url.hashCode(), PageStatus.IMPORTED, Optional.empty(), "A", Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("h"), true, run, T0, List.of());
  }

  @OnEachDialect
  void aPageSavedTwiceIsOneRow(Dialect dialect) {
    SourceStore store = new SourceStore(databases.open(dialect).dataSource());
    store.add(source("acme", "s1", T0));
    SourcePage page = new SourcePage("https://help.example.com/a", "doc-a", PageStatus.IMPORTED, Optional.empty(), "A",
        Optional.of("en"), Optional.empty(), Optional.of("\"e1\""), Optional.empty(), Optional.of("h1"), true, 1, T0,
        List.of("https://help.example.com/b"));
    store.save("acme", "s1", page);
    SourcePage failed = new SourcePage(page.url(), "doc-a", PageStatus.FAILED, Optional.of("answered 500"), "A",
        Optional.of("en"), Optional.of(T0), Optional.of("\"e1\""), Optional.of("Sun, 01 Mar 2026 10:00:00 GMT"),
        Optional.of("h1"), true, 2, T0.plusSeconds(1), List.of());
    store.save("acme", "s1", failed);
    assertEquals(List.of(failed), store.pages("acme", "s1"));
    assertEquals(1, store.searchableDocuments("acme"));
    assertEquals(0, store.searchableDocuments("globex"));
  }

  @OnEachDialect
  void aSourcesDocumentStoredAgainIsOneDocumentWithAVersionPerTextAndRetiredLeavesTheIndex(Dialect dialect) {
    Database database = databases.open(dialect);
    KnowledgeBase kb = new KnowledgeBase(database.dataSource(), MODEL);
    NewDocument first = new NewDocument("Returns", "<p>Returns are accepted within 30 days.</p>", DocumentFormat.HTML,
        "https://help.example.com/returns", Optional.empty(), "https://help.example.com/returns");
    KbDocument stored = kb.put("acme", "doc-r", first, Optional.empty());
    kb.put("acme", "doc-r", first, Optional.empty());
    assertEquals(List.of("doc-r"), kb.list("acme").stream().map(KbDocument::id).toList(), "stored twice, one document");
    assertEquals(1, kb.versions("acme", "doc-r").size(), "the same text is one version");

    kb.put("acme", "doc-r", new NewDocument("Returns", "<p>Returns are accepted within 60 days.</p>", DocumentFormat.HTML,
        "https://help.example.com/returns", Optional.empty(), "https://help.example.com/returns"), Optional.empty());
    assertEquals(stored.createdAt(), kb.find("acme", "doc-r").orElseThrow().createdAt());
    assertEquals("https://help.example.com/returns", kb.search("acme", "returns days", 1).get(0).url());
    assertTrue(kb.search("acme", "returns days", 1).get(0).text().contains("60 days"));

    assertTrue(kb.retire("acme", "doc-r"));
    assertTrue(kb.search("acme", "returns days", 5).isEmpty(), "a retired document is not found");
    List<DocumentVersion> versions = kb.versions("acme", "doc-r");
    assertEquals(List.of(1, 2), versions.stream().map(DocumentVersion::version).toList());
    assertTrue(versions.get(0).content().contains("30 days") && versions.get(1).content().contains("60 days"));
    assertTrue(versions.get(1).retiredAt().isPresent(), "the version the index last had is marked retired");
    assertEquals(List.of(), kb.versions("globex", "doc-r"));
  }

  private static KnowledgeSource source(String tenant, String id, Instant at) {
    return new KnowledgeSource(tenant, id, new SourceDefinition("Help", SourceKind.WEBSITE,
        Optional.of(URI.create("https://help.example.com/sitemap.xml")), true, List.of("/en/*"), List.of(), 100,
        Duration.ofHours(6)),
        at, at, Optional.empty(), Optional.empty(), 0, false, SourceCounters.NONE, Optional.empty());
  }
}
