package io.parley.voice;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cuts an answer streamed from the model into sentences for the synthesiser, so that the first one is
 * spoken while the model is still writing the rest.
 *
 * <p>A sentence ends at {@code .}, {@code !}, {@code ?} or {@code …} followed by whitespace, at a blank
 * line, and at the end of a line that ends in {@code :} or is a heading or list item. A full stop does
 * not end one inside a number ({@code 3.5}), after an abbreviation that rarely ends a sentence
 * ({@code e.g.}, {@code Dr.}, {@code Jan.}), or when the next word starts in lower case
 * ({@code etc. and}, {@code T-1001. or}), so it is decided only once the next word's first letter has
 * arrived.
 *
 * <p>A sentence running past about {@value #MAX_CHARS} characters is cut at a comma, a semicolon or a
 * space, so the first audio is not held up; a piece under {@value #MIN_CHARS} characters ("Sure.")
 * waits to be spoken with the next one, as speech made of such pieces sounds choppy. Markdown is
 * removed, see {@link SpeakableText}. Not thread-safe: one per answer, or reused after {@link #flush()}.
 */
final class SentenceSplitter {
  static final int MAX_CHARS = 200;
  static final int MIN_CHARS = 12;

  private static final int NOT_HERE = -1;
  private static final int UNDECIDED = -2;
  /**
   * Words (lower case, without their last full stop) after which a full stop is not taken to end a
   * sentence: titles before a name, abbreviations before an example or a number.
   */
  private static final Set<String> ABBREVIATIONS = Set.of(
      "e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "cf", "approx", "no", "vol", "fig",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");
  /** What may close a sentence after its punctuation, or open a word: quotes, brackets, Markdown emphasis. */
  private static final String CLOSERS = "\"')]}*_`”’»";
  private static final String OPENERS = "\"'([{*_`“‘«";
  private static final Pattern BLOCK_LINE = Pattern.compile("(#{1,6}|[-*+>]|\\d{1,3}[.)])\\s.*");

  private final StringBuilder text = new StringBuilder();
  private int sentenceStart;
  private int scanned;
  /** A short piece waiting to be spoken with the next one. */
  private String held = "";

  /** Adds the next piece of the answer; returns the sentences it completed, in order. */
  public List<String> add(String delta) {
    text.append(delta);
    List<String> sentences = new ArrayList<>();
    while (scanned < text.length()) {
      int end = sentenceEndAt(scanned);
      if (end == UNDECIDED) break;
      if (end == NOT_HERE) {
        scanned++;
      } else {
        emit(end, sentences);
      }
      if (scanned - sentenceStart >= MAX_CHARS) maybeCutLongSentence(sentences);
    }
    return sentences;
  }

  /** The end of the answer: everything not yet returned, if anything. The splitter is then empty. */
  public Optional<String> flush() {
    String rest = joined(held, SpeakableText.of(text.substring(sentenceStart)));
    text.setLength(0);
    sentenceStart = 0;
    scanned = 0;
    held = "";
    return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
  }

  /** Where a sentence ending at {@code i} ends, including closing quotes; or NOT_HERE, or UNDECIDED yet. */
  private int sentenceEndAt(int i) {
    char c = text.charAt(i);
    if (c == '\n') return lineEndsSentence(i) ? i + 1 : NOT_HERE;
    if (c != '.' && c != '!' && c != '?' && c != '…') return NOT_HERE;
    int after = i + 1;
    while (after < text.length() && CLOSERS.indexOf(text.charAt(after)) >= 0) after++;
    if (after == text.length()) return UNDECIDED;
    if (!Character.isWhitespace(text.charAt(after))) return NOT_HERE;
    if (c == '!' || c == '?') return after;
    if (c == '.' && (ABBREVIATIONS.contains(wordBefore(i)) || isListNumber(i))) return NOT_HERE;
    int next = after;
    while (next < text.length() && Character.isWhitespace(text.charAt(next))) next++;
    if (next == text.length()) return UNDECIDED;
    return Character.isLowerCase(text.charAt(next)) ? NOT_HERE : after;
  }

  private boolean lineEndsSentence(int newline) {
    String line = text.substring(text.lastIndexOf("\n", newline - 1) + 1, newline).strip();
    return line.isEmpty() || withoutClosers(line).endsWith(":") || BLOCK_LINE.matcher(line).matches();
  }

  private String wordBefore(int i) {
    int start = i;
    while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))
        && OPENERS.indexOf(text.charAt(start - 1)) < 0) {
      start--;
    }
    return text.substring(start, i).toLowerCase();
  }

  /** The full stop of "1. " starting a line: an ordered list's item number. */
  private boolean isListNumber(int i) {
    int start = i;
    while (start > 0 && Character.isDigit(text.charAt(start - 1))) start--;
    if (start == i || (text.charAt(i + 1) != ' ' && text.charAt(i + 1) != '\t')) return false;
    int lineStart = text.lastIndexOf("\n", start - 1) + 1;
    return text.substring(lineStart, start).isBlank();
  }

  /**
   * Cuts the sentence under way at the last comma or semicolon in its second half, else at its last
   * space; never inside brackets, where a link's text or a remark would be torn apart.
   */
  private void maybeCutLongSentence(List<String> sentences) {
    int depth = 0;
    int clause = NOT_HERE;
    int space = NOT_HERE;
    for (int k = sentenceStart + 1; k < scanned; k++) {
      char c = text.charAt(k);
      if (c == '[' || c == '(') {
        depth++;
      } else if ((c == ']' || c == ')') && depth > 0) {
        depth--;
      } else if (depth == 0 && Character.isWhitespace(c)) {
        space = k;
        char before = text.charAt(k - 1);
        if ((before == ',' || before == ';') && k - sentenceStart >= MAX_CHARS / 2) clause = k;
      }
    }
    int cut = clause != NOT_HERE ? clause : space;
    if (cut != NOT_HERE) emit(cut, sentences); // else one long word, a URL: wait for a space
  }

  private void emit(int end, List<String> sentences) {
    String sentence = joined(held, SpeakableText.of(text.substring(sentenceStart, end)));
    sentenceStart = end;
    scanned = end;
    if (sentence.length() < MIN_CHARS) {
      held = sentence;
    } else {
      held = "";
      sentences.add(sentence);
    }
  }

  /** Joins a held piece to the next, with a full stop if it has none, so that the pause stays. */
  private static String joined(String first, String second) {
    if (first.isEmpty() || second.isEmpty()) return first + second;
    String bare = withoutClosers(first);
    boolean punctuated = !bare.isEmpty() && ".!?…:;,".indexOf(bare.charAt(bare.length() - 1)) >= 0;
    return first + (punctuated ? " " : ". ") + second;
  }

  private static String withoutClosers(String text) {
    int end = text.length();
    while (end > 0 && CLOSERS.indexOf(text.charAt(end - 1)) >= 0) end--;
    return text.substring(0, end);
  }
}
