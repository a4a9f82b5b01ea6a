package io.parley.tools.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.memory.EmbeddingModel;
import io.parley.core.offline.ArticlePassage;
import io.parley.core.language.LanguageDetection;
import io.parley.core.language.LanguageTag;
import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.Transactions;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Storage on both databases; search quality on H2 (the ranking does not depend on the database). Real MiniLM. */
class KnowledgeBaseTest {
  static final MiniLmEmbeddingModel MODEL = new MiniLmEmbeddingModel().load();
  static final LanguageDetection DETECTION =
      LanguageDetection.of(List.of("en", "de", "fr", "es", "it", "pt", "nl")).loadOn(Executors.newVirtualThreadPerTaskExecutor());

  private static final String RETURNS_MARKDOWN = """
      # Returns and refunds

      You can return most items within 30 days of delivery for a full refund.

      ## How to return an item

      1. Go to My account > Orders and select **Return items**.
      2. Print the prepaid return label and drop the parcel at a service point.

      ## When you get your money back

      We refund within 5 business days of receiving the return, to the original payment method.
      """;

  private static final String WARRANTY_HTML = """
      <h1>Warranty</h1><p>Every product has a <b>2-year warranty</b> covering defects in materials.</p>
      <h2>Making a claim</h2><p>Send photos of the fault with your order number; we reply within 2 business days.</p>
      """;

  private static final String GERMAN_RETURNS = "Eine Rücksendung ist innerhalb von 30 Tagen möglich. Die Erstattung"
      + " erfolgt auf das ursprüngliche Zahlungsmittel, sobald wir die Ware erhalten und geprüft haben.";

  private static final String HOURS_TEXT = """
      Our support team answers Monday to Friday from 8:00 to 20:00 and Saturday from 10:00 to 16:00.

      Call +31 10 123 4567 or write to support@example.com.
      """;

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;

  @BeforeAll
  static void awaitLanguageDetection() {
    DETECTION.loaded().toCompletableFuture().join();
  }

  private KnowledgeBase open(Dialect dialect) {
    database = databases.open(dialect);
    return new KnowledgeBase(database.dataSource(), MODEL, DETECTION);
  }

  @OnEachDialect
  void ingestsMarkdownTextAndHtmlAndListsAndDeletesThem(Dialect dialect) {
    KnowledgeBase kb = open(dialect);

    KbDocument returns = kb.ingest("acme", new NewDocument("Returns and refunds", RETURNS_MARKDOWN, DocumentFormat.MARKDOWN,
        "https://help.example.com/returns"));
    KbDocument warranty = kb.ingest("acme", new NewDocument("Warranty", WARRANTY_HTML, DocumentFormat.HTML));
    KbDocument hours = kb.ingest("acme", new NewDocument("Opening hours", HOURS_TEXT, DocumentFormat.TEXT));

    assertEquals(List.of(hours.id(), warranty.id(), returns.id()), kb.list("acme").stream().map(KbDocument::id).toList(),
        "newest first");
    assertEquals(new KbDocument(returns.id(), "Returns and refunds", DocumentFormat.MARKDOWN,
        "https://help.example.com/returns", Optional.of(new LanguageTag("en")), 1, returns.createdAt(), ""),
        kb.list("acme").get(2));
    assertEquals("api", kb.find("acme", warranty.id()).orElseThrow().source());

    SearchHit hit = kb.search("acme", "when is the money refunded", 3).get(0);
    assertEquals(returns.id(), hit.documentId());
    assertEquals("Returns and refunds", hit.title());
    assertTrue(hit.text().contains("Print the prepaid return label"), "markdown markup is gone: " + hit.text());
    assertTrue(hit.text().contains("When you get your money back"), "a merged section keeps its heading");
    assertEquals("https://help.example.com/returns", hit.source());
    assertTrue(hit.snippet().contains("refund"), hit.snippet());

    SearchHit html = kb.search("acme", "how long is the warranty", 1).get(0);
    assertEquals("Warranty", html.title());
    assertFalse(html.text().contains("<"), html.text());

    assertTrue(kb.delete("acme", returns.id()));
    assertFalse(kb.delete("acme", returns.id()), "deleting twice finds nothing the second time");
    assertEquals(List.of(hours.id(), warranty.id()), kb.list("acme").stream().map(KbDocument::id).toList());
    assertTrue(kb.search("acme", "refund", 5).stream().noneMatch(h -> h.documentId().equals(returns.id())),
        "a deleted document is no longer found");
  }

  @OnEachDialect
  void tenantsNeverSeeEachOthersDocuments(Dialect dialect) {
    KnowledgeBase kb = open(dialect);
    KbDocument acme = kb.ingest("acme", new NewDocument("Returns and refunds", RETURNS_MARKDOWN, DocumentFormat.MARKDOWN));
    kb.ingest("globex", new NewDocument("Opening hours", HOURS_TEXT, DocumentFormat.TEXT));

    assertEquals(List.of("Opening hours"), kb.list("globex").stream().map(KbDocument::title).toList());
    assertTrue(kb.search("globex", "refund my return", 5).stream().noneMatch(h -> h.title().startsWith("Returns")));
    assertEquals(Optional.empty(), kb.find("globex", acme.id()));
    assertFalse(kb.delete("globex", acme.id()), "one tenant cannot delete another's document");
    assertEquals(1, kb.list("acme").size());
    assertTrue(kb.search("initech", "refund", 5).isEmpty(), "a tenant without documents finds nothing");
  }

  @OnEachDialect
  void aChangeThroughAnotherNodeIsSearchedOnTheNextQuery(Dialect dialect) {
    KnowledgeBase here = open(dialect);
    KnowledgeBase otherNode = new KnowledgeBase(database.dataSource(), MODEL);
    here.ingest("acme", new NewDocument("Opening hours", HOURS_TEXT, DocumentFormat.TEXT));
    assertTrue(here.search("acme", "warranty claim", 5).stream().noneMatch(h -> h.title().equals("Warranty")));

    KbDocument warranty = otherNode.ingest("acme", new NewDocument("Warranty", WARRANTY_HTML, DocumentFormat.HTML));
    assertEquals("Warranty", here.search("acme", "warranty claim", 5).get(0).title());

    otherNode.delete("acme", warranty.id());
    assertTrue(here.search("acme", "warranty claim", 5).stream().noneMatch(h -> h.title().equals("Warranty")));
  }

  @Test
  void badDocumentsAndQueriesAreRefusedWithReadableMessages() {
    KnowledgeBase kb = open(Dialect.H2);
    assertEquals("title must not be blank", assertThrows(IllegalArgumentException.class,
        () -> new NewDocument(" ", "text", DocumentFormat.TEXT)).getMessage());
    assertEquals("content has no text once its markup is removed", assertThrows(IllegalArgumentException.class,
        () -> kb.ingest("acme", new NewDocument("Empty", "<p> </p><script>x()</script>", DocumentFormat.HTML))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> kb.search("acme", " ", 3));
    assertThrows(IllegalArgumentException.class, () -> kb.search("acme", "refund", 0));
    assertThrows(IllegalArgumentException.class, () -> kb.search("Not A Tenant", "refund", 3));
    assertTrue(kb.list("acme").isEmpty(), "nothing was stored");
  }

  /**
   * Keywords alone and vectors alone each put a wrong chunk first for one of these queries; fused,
   * the right one comes first for all of them. "can I send it back" shares most words with the
   * newsletter ("send" three times) and "how do I get a refund" shares "get" with the password
   * article, while only embeddings see that both are about returns; for "PX4012", a code the
   * embedding model cannot read, the vectors prefer the other payment error, and only the
   * keyword matches the right one.
   */
  @Test
  void fusionFixesWhatEachRankingGetsWrong() {
    KnowledgeBase kb = open(Dialect.H2);
    String[][] corpus = {
        {"Returning an item", "You can return unused items within 30 days of delivery. Print the prepaid label from your"
            + " account, drop the parcel at a service point, and we refund you within 5 business days."},
        {"Newsletter", "Send us your email address and we send you our newsletter once a month. You can unsubscribe at"
            + " any time, and we never send your address to anyone else."},
        {"Payment timed out", "Code PX4031 appears when the payment page timed out before your bank confirmed the"
            + " payment. Wait a minute and pay again; you are not charged twice."},
        {"Card declined", "Code PX4012 indicates that your bank declined the card. Use another card, or call your bank"
            + " to allow the payment."},
        {"App problems", "If the app shows an error message, crashes or freezes, close it and open it again, then update"
            + " it to the latest version."},
        {"Shipping costs", "Standard delivery is free for orders over 50 euros; otherwise it costs 4.95. Express delivery"
            + " costs 9.95."},
        {"Lost parcels", "If your parcel has not arrived within 2 business days of the expected date, we ask the courier"
            + " to investigate and send a replacement."},
        {"Password reset", "Use the forgot password link on the sign-in page to get a reset link by email."},
    };
    for (String[] document : corpus) kb.ingest("acme", new NewDocument(document[0], document[1], DocumentFormat.TEXT));

    SearchHit sendBack = kb.search("acme", "can I send it back", 3).get(0);
    assertEquals("Returning an item", sendBack.title());
    assertTrue(sendBack.keywordRank() > 1 && sendBack.vectorRank() == 1, "keywords alone would be wrong: " + sendBack);
    assertEquals("Newsletter", title(kb, firstOf(kb.index("acme").keywordRanking("can I send it back", "en", 10))));

    SearchHit refund = kb.search("acme", "how do I get a refund", 3).get(0);
    assertEquals("Returning an item", refund.title());
    assertTrue(refund.keywordRank() > 1, "keywords alone would be wrong: " + refund);

    SearchHit code = kb.search("acme", "PX4012", 3).get(0);
    assertEquals("Card declined", code.title());
    assertTrue(code.keywordRank() == 1 && code.vectorRank() > 1, "vectors alone would be wrong: " + code);
  }

  @OnEachDialect
  void aGermanArticleIsDetectedStoredAndIndexedOnceInGermanAndFoundByAnInflectedGermanQuestion(Dialect dialect) {
    KnowledgeBase kb = open(dialect);
    KbDocument returns = kb.ingest("acme", new NewDocument("Rücksendung und Erstattung", GERMAN_RETURNS, DocumentFormat.TEXT));
    kb.ingest("acme", new NewDocument("Opening hours", HOURS_TEXT, DocumentFormat.TEXT));
    String question = "Wie laufen Rücksendungen oder Erstattungen?";

    assertEquals(Optional.of(new LanguageTag("de")), returns.language(), "detected from its text");
    assertEquals(returns, kb.find("acme", returns.id()).orElseThrow(), "stored with it");
    TenantIndex index = kb.index("acme");
    assertEquals(2L * index.size(), index.analysedFields(), "each chunk is analysed once, in its own language");
    assertEquals(List.of(), index.keywordRanking(question, "en", 10),
        "the English stemmer keeps Rücksendungen apart from Rücksendung");
    SearchHit hit = kb.search("acme", question, 3, Optional.of("de-DE")).get(0);
    assertEquals("Rücksendung und Erstattung", hit.title());
    assertEquals(1, hit.keywordRank(), hit.toString());
  }

  @Test
  void aDocumentGivenInFrenchIsIndexedInFrenchAndAShortTextWithoutALanguageTakesTheTenants() {
    KnowledgeBase kb = open(Dialect.H2);
    KbDocument refunds = kb.ingest("acme", new NewDocument("Remboursement", "Le remboursement arrive sous 5 jours.",
        DocumentFormat.TEXT, "api", Optional.of(new LanguageTag("fr"))));
    KbDocument shortOne = kb.ingest("acme", new NewDocument("Öffnungszeiten", "Mo-Fr 8-20 Uhr.", DocumentFormat.TEXT),
        Optional.of(new LanguageTag("de")));

    assertEquals(Optional.of(new LanguageTag("fr")), kb.find("acme", refunds.id()).orElseThrow().language());
    assertEquals(Optional.of(new LanguageTag("de")), shortOne.language(), "too short to tell: the tenant's language");
    SearchHit hit = kb.search("acme", "Quand arrivent les remboursements ?", 3, Optional.of("fr")).get(0);
    assertEquals("Remboursement", hit.title());
    assertEquals(1, hit.keywordRank(), hit.toString());
  }

  /** The conversation's language first, the others after; each document's url goes with its hits and back from the store. */
  @Test
  void aSearchPrefersArticlesInTheConversationsLanguageAndFallsBackToOthers() {
    KnowledgeBase kb = open(Dialect.H2);
    kb.ingest("acme", new NewDocument("Error PX4012", "Error PX4012 means the card was declined; try another card.",
        DocumentFormat.TEXT, "api", Optional.of(new LanguageTag("en")), "https://help.example.com/px4012"));
    kb.ingest("acme", new NewDocument("Fehler PX4012", "Fehler PX4012 heißt, dass die Karte abgelehnt wurde.",
        DocumentFormat.TEXT, "api", Optional.of(new LanguageTag("de")), "https://help.example.com/de/px4012"));
    kb.ingest("acme", new NewDocument("Erreur PX4012", "L'erreur PX4012 signifie que la carte a été refusée.",
        DocumentFormat.TEXT, "api", Optional.of(new LanguageTag("fr"))));

    for (String language : List.of("en", "de", "fr")) {
      List<SearchHit> hits = kb.search("acme", "PX4012", 3, Optional.of(language));
      assertEquals(language, hits.get(0).language(), hits.toString());
      assertEquals(3, hits.size(), "the other languages' articles follow: " + hits);
    }
    SearchHit german = kb.search("acme", "PX4012", 1, Optional.of("de")).get(0);
    assertEquals("https://help.example.com/de/px4012", german.url());
    assertEquals(List.of("", "https://help.example.com/de/px4012", "https://help.example.com/px4012"),
        kb.list("acme").stream().map(KbDocument::url).toList());
    assertThrows(IllegalArgumentException.class, () -> new NewDocument("Bad", "text", DocumentFormat.TEXT, "api",
        Optional.empty(), "javascript:alert(1)"));
  }

  /** Arabic's article and suffixes, Hebrew's prefixes: the English analyzer keeps each word apart. */
  @Test
  void arabicAndHebrewArticlesAreFoundByQuestionsWritingTheirWordsWithOtherAffixes() {
    KnowledgeBase kb = open(Dialect.H2);
    kb.ingest("acme", new NewDocument("تتبع الطلب", "يمكنك تتبع الطلب من صفحة حسابك بعد الشحن.",
        DocumentFormat.TEXT, "api", Optional.of(new LanguageTag("ar"))));
    kb.ingest("acme", new NewDocument("ביטול ההזמנה", "אפשר לבטל את ההזמנה תוך שעה מהרכישה בדף החשבון.",
        DocumentFormat.TEXT, "api", Optional.of(new LanguageTag("he"))));
    kb.ingest("acme", new NewDocument("Opening hours", HOURS_TEXT, DocumentFormat.TEXT));
    TenantIndex index = kb.index("acme");

    String arabic = "أين طلبي؟"; // "my order", the article's "the order"
    assertEquals(List.of(), index.keywordRanking(arabic, "en", 10), "English reads طلبي and الطلب as two words");
    SearchHit order = kb.search("acme", arabic, 3, Optional.of("ar")).get(0);
    assertEquals("تتبع الطلب", order.title());
    assertEquals(1, order.keywordRank(), order.toString());

    String hebrew = "איך מבטלים הזמנה?"; // "an order", the article's "the order"
    assertEquals(List.of(), index.keywordRanking(hebrew, "en", 10), "English reads הזמנה and ההזמנה as two words");
    SearchHit cancel = kb.search("acme", hebrew, 3, Optional.of("he")).get(0);
    assertEquals("ביטול ההזמנה", cancel.title());
    assertEquals(1, cancel.keywordRank(), cancel.toString());

    SearchHit hours = kb.search("acme", "When is your support team open?", 3, Optional.of("en")).get(0);
    assertEquals("Opening hours", hours.title(), "English reads as before");
  }

  @OnEachDialect
  void aDocumentStoredWithoutALanguageIsDetectedWhenTheIndexIsBuiltAndKeepsItsChunks(Dialect dialect) {
    KnowledgeBase kb = open(dialect);
    KbDocument returns = kb.ingest("acme", new NewDocument("Rücksendung und Erstattung", GERMAN_RETURNS, DocumentFormat.TEXT));
    forgetTheLanguages();
    assertEquals(Optional.empty(), kb.find("acme", returns.id()).orElseThrow().language());

    KnowledgeBase restarted = new KnowledgeBase(database.dataSource(), MODEL, DETECTION);
    SearchHit hit = restarted.search("acme", "Wie laufen Rücksendungen?", 3, Optional.of("de")).get(0);
    assertEquals(returns.id(), hit.documentId());
    assertEquals(1, hit.keywordRank(), hit.toString());
    assertEquals(returns, restarted.find("acme", returns.id()).orElseThrow(), "its language stored, its chunks kept");
  }

  @Test
  void anIndexBuiltBeforeDetectionHadLoadedIsBuiltAgainOnceItHas() {
    KnowledgeBase kb = open(Dialect.H2);
    KbDocument returns = kb.ingest("acme", new NewDocument("Rücksendung und Erstattung", GERMAN_RETURNS, DocumentFormat.TEXT));
    forgetTheLanguages();
    LanguageDetection loading = LanguageDetection.of(List.of("en", "de"));
    KnowledgeBase starting = new KnowledgeBase(database.dataSource(), MODEL, loading);
    String question = "Wie laufen Rücksendungen?";
    assertEquals(List.of(), starting.index("acme").keywordRanking(question, "de", 10), "in English until detection loads");

    loading.loadOn(Runnable::run);
    assertEquals(1, starting.search("acme", question, 3, Optional.of("de")).get(0).keywordRank());
    assertEquals(Optional.of(new LanguageTag("de")), starting.find("acme", returns.id()).orElseThrow().language());
  }

  private void forgetTheLanguages() {
    Transactions.write(database.dataSource(), "forget the languages", connection -> {
      try (var update = connection.prepareStatement("UPDATE kb_document SET language = NULL")) {
        return update.executeUpdate();
      }
    });
  }

  @Test
  void aQueryWithNothingRelatedFindsNothing() {
    KnowledgeBase kb = open(Dialect.H2);
    kb.ingest("acme", new NewDocument("Opening hours", HOURS_TEXT, DocumentFormat.TEXT));

    assertEquals(List.of(), kb.search("acme", "quantum chromodynamics lattice", 5));
  }

  @Test
  void theSampleArticlesLoadOnceIntoAnEmptyKnowledgeBase() {
    KnowledgeBase kb = open(Dialect.H2);

    assertEquals(SampleKnowledgeBase.files().size(), SampleKnowledgeBase.loadIfEmpty(kb, "demo"));
    assertEquals(0, SampleKnowledgeBase.loadIfEmpty(kb, "demo"), "a second start adds nothing");
    assertTrue(SampleKnowledgeBase.files().size() >= 6);
    assertEquals(SampleKnowledgeBase.files().size(), kb.list("demo").size());

    assertEquals("Resetting your password", kb.search("demo", "I forgot my password", 1).get(0).title());
    assertEquals("Shipping times and costs", kb.search("demo", "how long does express delivery take", 1).get(0).title());
    assertEquals("Support tickets: response times and escalation",
        kb.search("demo", "how fast do you answer an urgent ticket", 1).get(0).title());
    assertEquals("Tracking your order", kb.search("demo", "where is my parcel", 1).get(0).title());
    assertEquals("Returns and refunds", kb.search("demo", "can I get my money back", 1).get(0).title());
    assertEquals("Contacting support and opening hours", kb.search("demo", "are you open on saturday", 1).get(0).title());

    KbDocument one = kb.list("demo").get(0);
    kb.delete("demo", one.id());
    assertEquals(0, SampleKnowledgeBase.loadIfEmpty(kb, "demo"), "a knowledge base that is not empty is left alone");
  }

  /**
   * What answers without a model is found by the question's words alone: neither the question nor
   * anything else is embedded, whether an article holds the words or none does.
   */
  @Test
  void anAnswerWithoutAModelIsFoundWithoutEmbeddingTheQuestion() {
    AtomicInteger embedded = new AtomicInteger();
    EmbeddingModel counting = new EmbeddingModel() {
      @Override
      public int dimensions() {
        return MODEL.dimensions();
      }

      @Override
      public float[] embed(String text) {
        embedded.incrementAndGet();
        return MODEL.embed(text);
      }
    };
    database = databases.open(Dialect.H2);
    KnowledgeBase kb = new KnowledgeBase(database.dataSource(), counting);
    SampleKnowledgeBase.loadIfEmpty(kb, "demo");
    int ingested = embedded.get();

    ArticlePassage passage = kb.passageAnswering("demo", "How do I reset my password? (17)", Optional.empty()).orElseThrow();
    assertEquals("Resetting your password", passage.title());
    assertTrue(passage.passage().contains("password"), passage.passage());
    assertEquals(Optional.empty(), kb.passageAnswering("demo", "Do you sell gift vouchers?", Optional.empty()));
    assertEquals(Optional.empty(), kb.passageAnswering("other", "How do I reset my password?", Optional.empty()),
        "an empty knowledge base");
    assertEquals(ingested, embedded.get(), "no question was embedded");
  }

  @Test
  void chunksOfTheSampleArticlesStayWithinTheWordLimits() {
    for (String file : SampleKnowledgeBase.files()) {
      String markdown = SampleKnowledgeBase.read(file);
      List<Chunk> chunks = Chunker.chunks(DocumentText.sections(DocumentFormat.MARKDOWN, "", markdown));
      assertFalse(chunks.isEmpty(), file);
      for (Chunk chunk : chunks) assertTrue(Chunker.words(chunk.text()) <= Chunker.MAX_WORDS, file);
    }
  }

  private static int firstOf(List<Integer> ranking) {
    return ranking.get(0);
  }

  private static String title(KnowledgeBase kb, int slot) {
    return kb.index("acme").chunk(slot).title();
  }
}
