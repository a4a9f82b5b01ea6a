package io.parley.tools.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  private static String words(String word, int count) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < count; i++) words.add(word + i);
    return String.join(" ", words);
  }

  @Test
  void shortSectionsShareAChunkAndKeepTheirHeadings() {
    List<Chunk> chunks = Chunker.chunks(List.of(
        new Section("Returns", List.of(words("a", 40))),
        new Section("Returns > Refund timing", List.of(words("b", 40))),
        new Section("Exchanges", List.of(words("c", 40)))));

    assertEquals(1, chunks.size());
    assertEquals("Returns", chunks.get(0).heading());
    assertEquals(words("a", 40) + "\n\nRefund timing\n\n" + words("b", 40) + "\n\nExchanges\n\n" + words("c", 40),
        chunks.get(0).text());
  }

  @Test
  void aChunkEndsAtTheFirstSectionBoundaryPastTheMinimum() {
    List<Chunk> chunks = Chunker.chunks(List.of(
        new Section("One", List.of(words("a", 120))),
        new Section("Two", List.of(words("b", 150))),
        new Section("Three", List.of(words("c", 110)))));

    assertEquals(List.of("One", "Two", "Three"), chunks.stream().map(Chunk::heading).toList());
    assertEquals(List.of(0, 1, 2), chunks.stream().map(Chunk::ordinal).toList());
  }

  @Test
  void longSectionsAreSplitBetweenParagraphsAndLongParagraphsBetweenSentences() {
    String sentence = words("s", 50) + ".";
    String longParagraph = String.join(" ", java.util.Collections.nCopies(10, sentence)); // 500 words
    List<Chunk> chunks = Chunker.chunks(List.of(
        new Section("Big", List.of(words("p", 200), words("q", 200), longParagraph))));

    for (Chunk chunk : chunks) {
      int count = Chunker.words(chunk.text());
      assertTrue(count <= Chunker.MAX_WORDS, "chunk of " + count + " words");
      assertEquals("Big", chunk.heading());
    }
    assertEquals(200 + 200 + 500, chunks.stream().mapToInt(c -> Chunker.words(c.text())).sum(), "nothing lost");
    assertTrue(chunks.get(2).text().startsWith("s0 "), "a split starts at a sentence: " + chunks.get(2).text());
  }

  @Test
  void aSentenceLongerThanTheMaximumIsSplitBetweenWords() {
    List<Chunk> chunks = Chunker.chunks(List.of(new Section("", List.of(words("w", 700)))));

    assertEquals(List.of(300, 300, 100), chunks.stream().map(c -> Chunker.words(c.text())).toList());
  }

  @Test
  void aShortLastChunkJoinsThePreviousOne() {
    List<Chunk> chunks = Chunker.chunks(List.of(
        new Section("Main", List.of(words("a", 150))),
        new Section("Footnote", List.of(words("b", 20)))));

    assertEquals(1, chunks.size());
    assertTrue(chunks.get(0).text().contains("\n\nFootnote\n\n"));
  }
}
