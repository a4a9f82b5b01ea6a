package io.parley.tools.kb;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts a document's sections into chunks of about {@value #MIN_WORDS} to {@value #MAX_WORDS}
 * words: big enough to hold an answer with its context, small enough that a hit is about one
 * thing and its embedding is not a blur (all-MiniLM-L6-v2 reads about 200 words at once).
 *
 * <p>Paragraphs are kept whole and in order. A chunk ends at a section boundary once it has
 * {@value #MIN_WORDS} words, or before a paragraph that would take it past {@value #MAX_WORDS};
 * so short sections share a chunk (each later one's heading becomes a line of the chunk) and long
 * ones are split between paragraphs. A paragraph longer than {@value #MAX_WORDS} words is split
 * between sentences, and a sentence longer than that between words. A short last chunk joins the
 * one before when they fit together.
 */
final class Chunker {
  static final int MIN_WORDS = 100;
  static final int MAX_WORDS = 300;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=\\S)");

  private Chunker() {}

  static List<Chunk> chunks(List<Section> sections) {
    List<Draft> drafts = new ArrayList<>();
    Draft current = null;
    for (Section section : sections) {
      boolean firstOfSection = true;
      for (String paragraph : section.paragraphs()) {
        for (String piece : pieces(paragraph)) {
          int words = words(piece);
          boolean full = current != null && current.words + words > MAX_WORDS;
          boolean boundary = current != null && firstOfSection && current.words >= MIN_WORDS;
          if (current == null || full || boundary) {
            current = new Draft(section.heading());
            drafts.add(current);
          } else if (firstOfSection && !section.heading().isEmpty() && !section.heading().equals(current.heading)) {
            current.add(lastHeading(section.heading()), 0);
          }
          current.add(piece, words);
          firstOfSection = false;
        }
      }
    }
    if (drafts.size() >= 2) {
      Draft last = drafts.get(drafts.size() - 1);
      Draft previous = drafts.get(drafts.size() - 2);
      if (last.words < MIN_WORDS && previous.words + last.words <= MAX_WORDS) {
        if (!last.heading.isEmpty() && !last.heading.equals(previous.heading)) previous.add(lastHeading(last.heading), 0);
        for (String paragraph : last.paragraphs) previous.add(paragraph, 0);
        previous.words += last.words;
        drafts.remove(drafts.size() - 1);
      }
    }
    List<Chunk> chunks = new ArrayList<>(drafts.size());
    for (Draft draft : drafts) chunks.add(new Chunk(chunks.size(), draft.heading, String.join("\n\n", draft.paragraphs)));
    return chunks;
  }

  static int words(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : WHITESPACE.split(stripped).length;
  }

  /** The paragraph itself, or, when it is too long, runs of its sentences (or words) within the limit. */
  private static List<String> pieces(String paragraph) {
    if (words(paragraph) <= MAX_WORDS) return List.of(paragraph);
    List<String> units = new ArrayList<>();
    for (String sentence : SENTENCE_END.split(paragraph)) {
      if (words(sentence) <= MAX_WORDS) {
        units.add(sentence);
        continue;
      }
      String[] all = WHITESPACE.split(sentence.strip());
      for (int from = 0; from < all.length; from += MAX_WORDS) {
        units.add(String.join(" ", List.of(all).subList(from, Math.min(all.length, from + MAX_WORDS))));
      }
    }
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    int count = 0;
    for (String unit : units) {
      int words = words(unit);
      if (count > 0 && count + words > MAX_WORDS) {
        pieces.add(piece.toString());
        piece.setLength(0);
        count = 0;
      }
      if (count > 0) piece.append(' ');
      piece.append(unit.strip());
      count += words;
    }
    if (count > 0) pieces.add(piece.toString());
    return pieces;
  }

  /** "Returns > Refund timing" contributes the line "Refund timing" inside a chunk that began elsewhere. */
  private static String lastHeading(String path) {
    int separator = path.lastIndexOf(" > ");
    return separator < 0 ? path : path.substring(separator + 3);
  }

  private static final class Draft {
    final String heading;
    final List<String> paragraphs = new ArrayList<>();
    int words;

    Draft(String heading) {
      this.heading = heading;
    }

    void add(String paragraph, int paragraphWords) {
      paragraphs.add(paragraph);
      words += paragraphWords;
    }
  }
}
