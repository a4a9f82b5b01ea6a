package io.parley.tools.kb;

import static io.parley.tools.kb.SearchLanguages.BODY;
import static io.parley.tools.kb.SearchLanguages.TITLE;

import io.parley.core.memory.EmbeddingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * One tenant's knowledge base in memory, as of one revision: a Lucene index of its chunks for
 * BM25 keyword ranking, and their embeddings for similarity ranking. Immutable once built, so
 * searches need no lock; a change to the knowledge base builds a new one.
 *
 * <p>Keywords: title and headings, and the chunk's text, are separate fields, analysed once, in
 * its document's {@link SearchLanguages language} (lower case, stop words out, the language's
 * stemming: "refunds" finds "refund", "Rücksendungen" finds "Rücksendung"), in fields named after
 * it; the query is analysed in its conversation's language and its words are OR-ed over that
 * language's two fields, the title field weighted {@value #TITLE_BOOST}. No query syntax: whatever a
 * customer types is just words. Vectors: exact cosine similarity against every chunk.
 */
final class TenantIndex {
  static final float TITLE_BOOST = 1.5f;
  /** Below this cosine similarity all-MiniLM-L6-v2 finds texts unrelated, so they do not count as vector matches. */
  static final double MIN_SIMILARITY = 0.25;
  /** How deep each ranking goes before fusion, and before the offline answer picks among its chunks. */
  static final int CANDIDATES = 50;
  private static final String SLOT = "slot";

  /** The chunk at {@code slot} and its ranks. */
  record Ranked(IndexedChunk chunk, RankFusion.Fused fused) {}

  final long revision;
  private final List<IndexedChunk> chunks;
  private final ByteBuffersDirectory directory;
  private final IndexSearcher searcher;
  /** Each Lucene document's slot, read once rather than from its stored field at every search. */
  private final int[] slotOfDocument;
  /** The chunks read in each language a question was asked in, built on the first such question. */
  private final ConcurrentHashMap<String, IndexReading> readings = new ConcurrentHashMap<>();

  private TenantIndex(long revision, List<IndexedChunk> chunks, ByteBuffersDirectory directory, DirectoryReader reader)
      throws IOException {
    this.revision = revision;
    this.chunks = chunks;
    this.directory = directory;
    this.searcher = new IndexSearcher(reader);
    this.slotOfDocument = new int[reader.maxDoc()];
    StoredFields stored = reader.storedFields();
    for (int document = 0; document < slotOfDocument.length; document++) {
      slotOfDocument[document] = stored.document(document).getField(SLOT).numericValue().intValue();
    }
  }

  static TenantIndex build(long revision, List<IndexedChunk> chunks) {
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(SearchLanguages.PER_FIELD))) {
      for (int slot = 0; slot < chunks.size(); slot++) {
        IndexedChunk chunk = chunks.get(slot);
        Document document = new Document();
        document.add(new StoredField(SLOT, slot));
        document.add(new TextField(SearchLanguages.field(TITLE, chunk.language()), chunk.title() + "\n" + chunk.heading(),
            Field.Store.NO));
        document.add(new TextField(SearchLanguages.field(BODY, chunk.language()), chunk.text(), Field.Store.NO));
        writer.addDocument(document);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot index a knowledge base in memory", e);
    }
    try {
      return new TenantIndex(revision, List.copyOf(chunks), directory, DirectoryReader.open(directory));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a knowledge base index in memory", e);
    }
  }

  int size() {
    return chunks.size();
  }

  /** How many analysed fields the index holds over all its chunks: two a chunk, its title and its text. */
  long analysedFields() {
    long fields = 0;
    try {
      for (String language : SearchLanguages.all()) {
        for (String name : new String[] {TITLE, BODY}) fields += searcher.getIndexReader().getDocCount(SearchLanguages.field(name, language));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read a knowledge base index in memory", e);
    }
    return fields;
  }

  /** The bytes of the keyword index's files, all on heap (the vectors not counted). */
  long keywordBytes() {
    try {
      long bytes = 0;
      for (String file : directory.listAll()) bytes += directory.fileLength(file);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read a knowledge base index in memory", e);
    }
  }

  IndexedChunk chunk(int slot) {
    return chunks.get(slot);
  }

  /**
   * The chunks best for {@code query}, fused from the keyword and the vector rankings (each cut
   * at {@code depth}), at most {@code limit}.
   *
   * @param queryVector the query's unit embedding
   */
  List<Ranked> search(String query, String language, float[] queryVector, int limit, int depth) {
    if (chunks.isEmpty() || limit <= 0) return List.of();
    List<RankFusion.Fused> fused =
        RankFusion.fuse(keywordRanking(query, language, depth), vectorRanking(queryVector, depth));
    List<Ranked> ranked = new ArrayList<>();
    for (RankFusion.Fused item : fused.subList(0, Math.min(limit, fused.size()))) {
      ranked.add(new Ranked(chunks.get(item.item()), item));
    }
    return ranked;
  }

  /**
   * The chunks whose words best match {@code query} read in {@code language} (one of {@link
   * SearchLanguages}) and in English, for the articles and the queries the model writes in English.
   */
  List<Integer> keywordRanking(String query, String language, int depth) {
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    boolean anyTerm = false;
    for (String reading : new LinkedHashSet<>(List.of(language, SearchLanguages.FALLBACK))) {
      String title = SearchLanguages.field(TITLE, reading);
      String body = SearchLanguages.field(BODY, reading);
      for (String term : SearchTerms.ofQuery(query, reading)) {
        builder.add(new BoostQuery(new TermQuery(new Term(title, term)), TITLE_BOOST), BooleanClause.Occur.SHOULD);
        builder.add(new TermQuery(new Term(body, term)), BooleanClause.Occur.SHOULD);
        anyTerm = true;
      }
    }
    if (!anyTerm) return List.of();
    try {
      List<Integer> ranking = new ArrayList<>();
      for (ScoreDoc hit : searcher.search(builder.build(), depth).scoreDocs) {
        ranking.add(slotOfDocument[hit.doc]);
      }
      return ranking;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot search a knowledge base index in memory", e);
    }
  }

  List<Integer> vectorRanking(float[] queryVector, int depth) {
    List<double[]> scored = new ArrayList<>();
    for (int slot = 0; slot < chunks.size(); slot++) {
      double similarity = EmbeddingModel.cosine(queryVector, chunks.get(slot).vector());
      if (similarity >= MIN_SIMILARITY) scored.add(new double[] {slot, similarity});
    }
    scored.sort(Comparator.comparingDouble((double[] s) -> s[1]).reversed().thenComparingDouble(s -> s[0]));
    return scored.stream().limit(depth).map(s -> (int) s[0]).toList();
  }

  /** The chunks read in {@code language} (one of {@link SearchLanguages}), once per index. */
  IndexReading reading(String language) {
    return readings.computeIfAbsent(language, read -> IndexReading.of(chunks, read));
  }
}
