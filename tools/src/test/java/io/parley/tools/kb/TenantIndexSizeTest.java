package io.parley.tools.kb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The keyword index of a help centre of 5,000 chunks (the sample articles' chunks, repeated), each
 * analysed once in its document's language, against the same chunks analysed under every analyzer
 * (an index of them per language): the figure of docs/tools.md ("Scale").
 */
class TenantIndexSizeTest {
  private static final int CHUNKS = 5_000;

  @Test
  void eachChunkAnalysedOnceTakesAFractionOfTheHeapOfEveryAnalyzer() {
    long once = TenantIndex.build(1, chunks("en")).keywordBytes();
    long everyAnalyzer = 0;
    int analyzers = 0;
    for (String language : SearchLanguages.all()) {
      everyAnalyzer += TenantIndex.build(1, chunks(language)).keywordBytes();
      analyzers++;
    }
    System.out.printf("keyword index of %d chunks: %.1f MB analysed once, %.1f MB under all %d analyzers%n",
        CHUNKS, once / 1e6, everyAnalyzer / 1e6, analyzers);
    assertTrue(everyAnalyzer > 5 * once, once + " bytes against " + everyAnalyzer);
  }

  private static List<IndexedChunk> chunks(String language) {
    List<Chunk> sample = new ArrayList<>();
    for (String file : SampleKnowledgeBase.files()) {
      sample.addAll(Chunker.chunks(DocumentText.sections(DocumentFormat.MARKDOWN, file, SampleKnowledgeBase.read(file))));
    }
    List<IndexedChunk> chunks = new ArrayList<>(CHUNKS);
    for (int i = 0; i < CHUNKS; i++) {
      Chunk chunk = sample.get(i % sample.size());
      // A word of its own in each, as articles have: the terms are not all the sample's.
      chunks.add(new IndexedChunk("doc-" + i, chunk.ordinal(), "Article " + i, chunk.heading(), "test",
          chunk.text() + " code" + i, language, new float[0]));
    }
    return chunks;
  }
}
