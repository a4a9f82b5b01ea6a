package io.parley.tools.kb;

import io.parley.core.language.LanguageDetection;
import io.parley.core.language.LanguageTag;
import io.parley.core.memory.EmbeddingModel;
import io.parley.core.offline.ArticlePassage;
import io.parley.core.session.SessionId;
import io.parley.persistence.EmbeddingBytes;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * A knowledge base per tenant: support articles in, the passages that answer a question out.
 *
 * <p><b>Ingesting.</b> A document (Markdown, plain text or HTML) is read into sections by its
 * headings ({@link DocumentText}), cut into chunks of about 100 to 300 words ({@link Chunker}),
 * and each chunk embedded with its title and heading, before the transaction opens. The document's
 * language ({@link DocumentLanguage}) is the one given with it, else the one its text shows, else
 * the tenant's, else English; its chunks are indexed with that language's analyzer. The document
 * (with its original content, so it can be chunked again by a later version), its chunks and
 * their embeddings are written in one transaction (tables {@code kb_document}, {@code kb_chunk},
 * migrations V3 and V24), which also increments the tenant's row in {@code kb_revision}. Replacing a document
 * deletes its chunks and writes the new ones in one such transaction, under the same id.
 *
 * <p><b>Searching</b> is hybrid: BM25 over the words (Lucene) finds the chunks that say what the
 * customer said, embedding similarity (all-MiniLM-L6-v2) finds the ones that mean it in other
 * words, and reciprocal rank fusion ({@link RankFusion}) merges the two rankings. Each tenant's
 * index lives in memory ({@link TenantIndex}), built from the database on the tenant's first
 * search and again when the tenant's revision has moved, whichever node made the change: every
 * search reads the revision (one primary-key lookup), so a document added through any node is
 * found on all of them by their next search. An index reads its chunks' words once ({@link IndexReading}).
 *
 * <p><b>Scale.</b> Meant for a help centre per tenant: hundreds of articles, a few thousand
 * chunks. An index of 5,000 chunks holds about 8.5 MB (7.7 MB of it 1.5 KB vectors, the keyword
 * index 0.8 MB: TenantIndexSizeTest), is rebuilt in about
 * a second, and the exact vector scan takes a few milliseconds. Indexes of the tenants searched
 * stay in memory for the life of the node. Far beyond that, the next steps are pgvector (an HNSW
 * index on a {@code vector(384)} column filled from the stored bytes) and a persistent Lucene
 * directory per tenant, or a search server.
 *
 * <p><b>Tenancy.</b> Every statement and every in-memory index is keyed by tenant.
 *
 * <p>Thread-safe. Blocks on JDBC and on the embedding model: call it off actor and HTTP threads.
 * Database failures are {@code PersistenceException}s; bad input is an {@code
 * IllegalArgumentException} with a message fit for the caller.
 */
public final class KnowledgeBase {
  public static final int MAX_SEARCH_LIMIT = 20;
  public static final int MAX_QUERY_CHARS = 1000;

  private final DataSource dataSource;
  private final EmbeddingModel embeddings;
  private final Clock clock;
  private final LanguageDetection languages;
  private final ConcurrentHashMap<String, TenantIndex> indexes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Object> rebuildLocks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> seeding = new ConcurrentHashMap<>();
  /** The tenants whose index was built with documents without a language before detection had loaded. */
  private final Set<String> awaitingDetection = ConcurrentHashMap.newKeySet();

  /** {@code dataSource} must have the schema of {@code Database.migrate()}. */
  public KnowledgeBase(DataSource dataSource, EmbeddingModel embeddings) {
    this(dataSource, embeddings, LanguageDetection.off());
  }

  /** @param languages tells the language of a document added without one */
  public KnowledgeBase(DataSource dataSource, EmbeddingModel embeddings, LanguageDetection languages) {
    this(dataSource, embeddings, Clock.systemUTC(), languages);
  }

  public KnowledgeBase(DataSource dataSource, EmbeddingModel embeddings, Clock clock, LanguageDetection languages) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.languages = Objects.requireNonNull(languages, "languages");
  }

  /**
   * Runs {@code seed} (documents a tenant starts with, such as the sample articles) on {@code
   * executor}; until it has finished, searches and listings of {@code tenant} wait for it, so that
   * a node that gets ready before they are embedded still shows them. {@code seed} reports its own
   * failures.
   */
  public void seedInBackground(String tenant, Runnable seed, Executor executor) {
    SessionId.requireTenant(tenant);
    CompletableFuture<Void> seeded = new CompletableFuture<>();
    seeding.put(tenant, seeded);
    executor.execute(() -> {
      try {
        seed.run();
      } finally {
        seeding.remove(tenant, seeded);
        seeded.complete(null);
      }
    });
  }

  /** {@link #ingest(String, NewDocument, Optional)} for a tenant without a language of its own. */
  public KbDocument ingest(String tenant, NewDocument document) {
    return ingest(tenant, document, Optional.empty());
  }

  /**
   * Adds a document.
   *
   * @param tenantLanguage the tenant's language, the document's when it says none and its text does not tell
   * @throws IllegalArgumentException when the tenant is not a tenant id, or the content has no text
   */
  public KbDocument ingest(String tenant, NewDocument document, Optional<LanguageTag> tenantLanguage) {
    SessionId.requireTenant(tenant);
    PreparedDocument prepared = prepare(document, tenantLanguage);
    KbDocument stored = new KbDocument(UUID.randomUUID().toString(), document.title(), document.format(),
        document.source(), Optional.of(prepared.language()), prepared.chunks().size(), now(), document.url());
    Transactions.write(dataSource, "add a document to the knowledge base of tenant " + tenant, connection -> {
      DocumentRows.insert(connection, tenant, stored, document, prepared);
      return DocumentRows.bumpRevision(connection, tenant);
    });
    return stored;
  }

  /**
   * Replaces the title, content and format of a document, keeping its id and when it was added: its
   * old chunks are removed and the new ones written in one transaction, so a search sees either
   * version whole, never both or neither.
   *
   * @param tenantLanguage the tenant's language, the document's when it says none and its text does not tell
   * @return the document as replaced; empty when the tenant has no document {@code id}
   * @throws IllegalArgumentException when the tenant is not a tenant id, or the content has no text
   */
  public Optional<KbDocument> replace(String tenant, String id, NewDocument document,
      Optional<LanguageTag> tenantLanguage) {
    SessionId.requireTenant(tenant);
    Objects.requireNonNull(id, "id");
    PreparedDocument prepared = prepare(document, tenantLanguage);
    return Transactions.write(dataSource, "replace a document of tenant " + tenant, connection -> {
      Optional<KbDocument> previous = DocumentRows.find(connection, tenant, id);
      if (previous.isEmpty()) return Optional.<KbDocument>empty();
      KbDocument stored = new KbDocument(id, document.title(), document.format(), document.source(),
          Optional.of(prepared.language()), prepared.chunks().size(), previous.get().createdAt(), document.url());
      DocumentRows.remove(connection, tenant, id);
      DocumentRows.insert(connection, tenant, stored, document, prepared);
      DocumentRows.bumpRevision(connection, tenant);
      return Optional.of(stored);
    });
  }

  /**
   * Stores a knowledge source's document under its fixed id: added when the tenant has none with
   * that id, else replaced (keeping when it was first added), and a new {@link DocumentVersion}
   * recorded when its text changed, all in one transaction. Storing the same page twice, as a
   * sync resumed after a crash may, leaves one document.
   *
   * @throws IllegalArgumentException as {@link #ingest(String, NewDocument, Optional)} does
   */
  public KbDocument put(String tenant, String id, NewDocument document, Optional<LanguageTag> tenantLanguage) {
    SessionId.requireTenant(tenant);
    Objects.requireNonNull(id, "id");
    PreparedDocument prepared = prepare(document, tenantLanguage);
    Instant now = now();
    return Transactions.write(dataSource, "store a source's document of tenant " + tenant, connection -> {
      Optional<KbDocument> previous = DocumentRows.find(connection, tenant, id);
      KbDocument stored = new KbDocument(id, document.title(), document.format(), document.source(),
          Optional.of(prepared.language()), prepared.chunks().size(), previous.map(KbDocument::createdAt).orElse(now),
          document.url());
      if (previous.isPresent()) DocumentRows.remove(connection, tenant, id);
      DocumentRows.insert(connection, tenant, stored, document, prepared);
      DocumentVersions.record(connection, tenant, id, document, now);
      DocumentRows.bumpRevision(connection, tenant);
      return stored;
    });
  }

  /**
   * Takes a source's document out of the index, its versions kept with the day it was retired.
   *
   * @return whether the tenant had it
   */
  public boolean retire(String tenant, String id) {
    SessionId.requireTenant(tenant);
    Instant now = now();
    return Transactions.write(dataSource, "retire a document of tenant " + tenant, connection -> {
      DocumentVersions.retire(connection, tenant, id, now);
      return DocumentRows.remove(connection, tenant, id) && DocumentRows.bumpRevision(connection, tenant);
    });
  }

  /** A document's versions, oldest first; none for a document that did not come from a source. */
  public List<DocumentVersion> versions(String tenant, String id) {
    SessionId.requireTenant(tenant);
    return Transactions.read(dataSource, "read the versions of a document of tenant " + tenant,
        connection -> DocumentVersions.all(connection, tenant, id));
  }

  /**
   * Adds a document under a fixed id unless the tenant has one with that id already: what the
   * sample articles use, so two nodes that load them at once store each article once.
   *
   * @return whether this call added it
   */
  boolean ingestIfAbsent(String tenant, String id, NewDocument document) {
    SessionId.requireTenant(tenant);
    PreparedDocument prepared = prepare(document, Optional.empty());
    KbDocument stored = new KbDocument(id, document.title(), document.format(), document.source(),
        Optional.of(prepared.language()), prepared.chunks().size(), now(), document.url());
    return Transactions.write(dataSource, "add a document to the knowledge base of tenant " + tenant, connection -> {
      if (DocumentRows.find(connection, tenant, id).isPresent()) return false;
      DocumentRows.insert(connection, tenant, stored, document, prepared);
      return DocumentRows.bumpRevision(connection, tenant);
    });
  }


  private PreparedDocument prepare(NewDocument document, Optional<LanguageTag> tenantLanguage) {
    List<Chunk> chunks = Chunker.chunks(DocumentText.sections(document.format(), document.title(), document.content()));
    if (chunks.isEmpty()) throw new IllegalArgumentException("content has no text once its markup is removed");
    List<byte[]> vectors = new ArrayList<>(chunks.size());
    for (Chunk chunk : chunks) vectors.add(EmbeddingBytes.encode(embed(embeddingText(document.title(), chunk.heading(), chunk.text()))));
    return new PreparedDocument(chunks, vectors,
        DocumentLanguage.of(document.language(), document.title(), chunks, languages, tenantLanguage));
  }

  /** What a chunk's embedding is computed from: its text under its title and heading, as a reader sees it. */
  static String embeddingText(String title, String heading, String text) {
    return title + (heading.isEmpty() ? "" : "\n" + heading) + "\n" + text;
  }

  private void awaitSeed(String tenant) {
    CompletableFuture<Void> seeded = seeding.get(tenant);
    if (seeded != null) seeded.join();
  }

  /** Newest first. */
  public List<KbDocument> list(String tenant) {
    awaitSeed(tenant);
    return listNow(tenant);
  }

  /** {@link #list} without waiting for a seed: what the seed itself looks at. */
  List<KbDocument> listNow(String tenant) {
    SessionId.requireTenant(tenant);
    return Transactions.read(dataSource, "list the knowledge base of tenant " + tenant, connection -> {
      return Transactions.list(connection, DocumentRows.DOCUMENT_COLUMNS
          + " WHERE d.tenant = ? ORDER BY d.created_at DESC, d.id", DocumentRows::document, tenant);
    });
  }

  public Optional<KbDocument> find(String tenant, String id) {
    SessionId.requireTenant(tenant);
    return Transactions.read(dataSource, "read the knowledge base of tenant " + tenant,
        connection -> DocumentRows.find(connection, tenant, id));
  }

  /** @return whether the tenant had the document */
  public boolean delete(String tenant, String id) {
    SessionId.requireTenant(tenant);
    Objects.requireNonNull(id, "id");
    return Transactions.write(dataSource, "delete a document of tenant " + tenant,
        connection -> DocumentRows.remove(connection, tenant, id) && DocumentRows.bumpRevision(connection, tenant));
  }

  /**
   * The chunks that best answer {@code query}, best first, at most {@code limit}; none when
   * nothing shares a word with it or is close in meaning.
   *
   * @throws IllegalArgumentException when the query is blank or longer than {@value #MAX_QUERY_CHARS}
   *     characters, or the limit is not 1 to {@value #MAX_SEARCH_LIMIT}
   */
  public List<SearchHit> search(String tenant, String query, int limit) {
    return search(tenant, query, limit, Optional.empty());
  }

  /**
   * As above, the query's words read in {@code language} (a BCP 47 tag: its stemming and stop words;
   * English when it has none or is a language the search has no analyzer for) and matched against the
   * chunks of the documents in that language, and in English against those in English. Given a
   * language, the documents written in it come first, in their fused order, and those in other
   * languages follow ({@link #preferring}): a customer reads an article in their own language when
   * the knowledge base has one that answers, another's only when it has none.
   */
  public List<SearchHit> search(String tenant, String query, int limit, Optional<String> language) {
    requireQuery(tenant, query);
    if (limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw new IllegalArgumentException("limit must be from 1 to " + MAX_SEARCH_LIMIT + ", got " + limit);
    }
    TenantIndex index = index(tenant);
    if (index.size() == 0) return List.of();
    String analysed = SearchLanguages.of(language);
    List<TenantIndex.Ranked> ranked = language.isEmpty()
        ? index.search(query, analysed, embed(query), limit, TenantIndex.CANDIDATES)
        : preferring(analysed, index.search(query, analysed, embed(query), TenantIndex.CANDIDATES, TenantIndex.CANDIDATES), limit);
    Set<String> terms = SearchTerms.ofQuery(query, analysed);
    IndexReading reading = index.reading(analysed);
    List<SearchHit> hits = new ArrayList<>(ranked.size());
    for (TenantIndex.Ranked hit : ranked) {
      IndexedChunk chunk = hit.chunk();
      hits.add(new SearchHit(chunk.documentId(), chunk.ordinal(), chunk.title(), chunk.heading(), chunk.source(),
          Snippets.of(reading.chunk(hit.fused().item()), terms), chunk.text(),
          Math.round(hit.fused().score() * 1000) / 1000.0, hit.fused().keywordRank(), hit.fused().vectorRank(),
          chunk.url(), chunk.language()));
    }
    return hits;
  }

  /** The first {@code limit} of {@code ranked}, those in {@code language} before the others, each group in its order. */
  static List<TenantIndex.Ranked> preferring(String language, List<TenantIndex.Ranked> ranked, int limit) {
    List<TenantIndex.Ranked> preferred = new ArrayList<>(ranked.size());
    ranked.stream().filter(hit -> hit.chunk().language().equals(language)).forEach(preferred::add);
    ranked.stream().filter(hit -> !hit.chunk().language().equals(language)).forEach(preferred::add);
    return preferred.subList(0, Math.min(limit, preferred.size()));
  }

  /**
   * For answering without a model: the passage of the tenant's chunk that holds most of {@code
   * question}'s own words ({@link ArticleMatch}, by words alone), read in {@code language} as {@link
   * #search} reads it; none when no chunk does. Refuses the questions {@link #search} refuses.
   */
  public Optional<ArticlePassage> passageAnswering(String tenant, String question, Optional<String> language) {
    requireQuery(tenant, question);
    return ArticleMatch.answering(question, index(tenant), SearchLanguages.of(language));
  }

  private static void requireQuery(String tenant, String query) {
    SessionId.requireTenant(tenant);
    if (query == null || query.isBlank()) throw new IllegalArgumentException("query must not be blank");
    if (query.length() > MAX_QUERY_CHARS) {
      throw new IllegalArgumentException("query is " + query.length() + " characters; the limit is " + MAX_QUERY_CHARS);
    }
  }

  /** The tenant's index as of its current revision, built if this node has none that recent. */
  TenantIndex index(String tenant) {
    awaitSeed(tenant);
    long revision = Transactions.read(dataSource, "read the knowledge base revision of tenant " + tenant,
        connection -> DocumentRows.revision(connection, tenant));
    TenantIndex cached = indexes.get(tenant);
    if (current(cached, tenant, revision)) return cached;
    synchronized (rebuildLocks.computeIfAbsent(tenant, t -> new Object())) {
      cached = indexes.get(tenant);
      if (current(cached, tenant, revision)) return cached;
      TenantIndex built = load(tenant);
      indexes.put(tenant, built);
      return built;
    }
  }

  /** Whether {@code cached} is as recent as {@code revision}, and has no document left to detect now that detection can. */
  private boolean current(TenantIndex cached, String tenant, long revision) {
    return cached != null && cached.revision >= revision && !(awaitingDetection.contains(tenant) && detectionReady());
  }

  private boolean detectionReady() {
    return languages.loaded().toCompletableFuture().isDone();
  }

  /**
   * Reads the revision before the chunks: a change in between makes the index look older than it is,
   * never newer. A document stored before documents had a language gets the one its text shows,
   * stored with it ({@link UndetectedDocuments}).
   */
  private TenantIndex load(String tenant) {
    record Loaded(long revision, List<IndexedChunk> chunks) {}
    Loaded loaded = Transactions.read(dataSource, "load the knowledge base of tenant " + tenant, connection -> {
      long revision = DocumentRows.revision(connection, tenant);
      try (PreparedStatement select = connection.prepareStatement("SELECT c.document_id, c.ordinal, c.heading, c.text,"
          + " c.embedding, d.title, d.source, d.language, d.url FROM kb_chunk c JOIN kb_document d ON d.tenant = c.tenant"
          + " AND d.id = c.document_id WHERE c.tenant = ? ORDER BY d.created_at, c.document_id, c.ordinal")) {
        select.setString(1, tenant);
        return new Loaded(revision, Transactions.list(select, rows -> new IndexedChunk(
            rows.getString("document_id"), rows.getInt("ordinal"), rows.getString("title"), rows.getString("heading"),
            rows.getString("source"), rows.getString("text"), Objects.requireNonNullElse(rows.getString("language"), ""),
            EmbeddingBytes.decode(rows.getBytes("embedding")), Objects.requireNonNullElse(rows.getString("url"), ""))));
      }
    });
    boolean detecting = detectionReady();
    UndetectedDocuments undetected = UndetectedDocuments.among(loaded.chunks(), languages);
    undetected.store(dataSource, tenant);
    if (undetected.isEmpty() || detecting) awaitingDetection.remove(tenant); else awaitingDetection.add(tenant);
    List<IndexedChunk> chunks = new ArrayList<>(loaded.chunks().size());
    for (IndexedChunk stored : loaded.chunks()) {
      IndexedChunk chunk = stored.with(SearchLanguages.of(undetected.languageOf(stored)), stored.vector());
      // A vector stored under another model is embedded again rather than compared across spaces.
      chunks.add(chunk.vector().length == embeddings.dimensions() ? chunk
          : chunk.with(chunk.language(), embed(embeddingText(chunk.title(), chunk.heading(), chunk.text()))));
    }
    return TenantIndex.build(loaded.revision(), chunks);
  }

  /** To the microsecond, as the database keeps it, so that what ingest returns equals what list reads. */
  private Instant now() {
    return Transactions.timestamp(clock.instant()).toInstant();
  }

  private float[] embed(String text) {
    float[] vector = embeddings.embed(text);
    if (vector.length != embeddings.dimensions()) {
      throw new IllegalStateException("The embedding model returned " + vector.length + " dimensions, declared "
          + embeddings.dimensions());
    }
    return vector;
  }
}
