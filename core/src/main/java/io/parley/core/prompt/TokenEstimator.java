package io.parley.core.prompt;

import io.parley.core.llm.PromptMessage;
import java.util.function.IntPredicate;

/**
 * A deliberately pessimistic token count for Llama 3 class tokenizers (byte-level BPE with a
 * 128K vocabulary), used because no tokenizer for those models is available to the JVM offline.
 * Counting too many tokens only leaves a few older messages out of the prompt; counting too few
 * makes the model server reject the request, so every choice here errs upwards.
 *
 * <p>The estimate is the larger of two counts:
 *
 * <ul>
 *   <li><b>Weighted characters.</b> An ASCII character counts 1/3.5 of a token (Llama 3 averages
 *       4.2 to 4.9 characters a token on English chat, 3.5 on code); accented Latin, Greek and
 *       Cyrillic 0.5 (measured 0.3 to 0.4); CJK, Hebrew, Arabic, Indic, Thai and other BMP
 *       symbols 1 (measured 0.4 to 0.9); a character outside the BMP, nearly always an emoji,
 *       3 (its four UTF-8 bytes merge to 2 or 3 tokens).
 *   <li><b>Pieces</b>, mimicking the tokenizer's own pre-split: a run of letters is one token
 *       per six letters, plus one at each lower-to-upper case change ({@code getUserName}) and
 *       one per two capitals in a row ({@code IBAN}, codes); digits are one token per three, as
 *       Llama 3 splits numbers; each punctuation or symbol character is one token; whitespace
 *       is one token when it is a run (indentation) or stands before a number. This catches
 *       what the character count misses: short words, numbers, JSON and identifiers.
 * </ul>
 *
 * <p>Error bound, measured against the Llama 3 tokenizer (llama3-tokenizer-js 1.2.0) on about
 * 940 paragraphs and messages in English, German, French, Russian, Greek, Vietnamese, Chinese,
 * Japanese, Korean, Arabic, Hebrew, Hindi and Thai, Java, Python, XML, JSON, URLs, numbers and
 * emoji: English prose comes out 1.2 to 1.45 times the real count over a document, code 1.3 to
 * 1.45, other scripts 1.1 to 2. The 4% of paragraphs that came out low were random
 * letter-and-digit strings such as base64 (0.83) and short lines of rare words, names, e-mail
 * addresses and timestamps (0.89 at worst). Whatever the text, byte-level BPE never needs more
 * than one token per UTF-8 byte.
 *
 * <p>Framing follows Llama 3's chat template: each message adds a header (start marker, role,
 * end marker, blank line) and an end-of-turn marker, 5 tokens; each request adds the
 * begin-of-text marker and the assistant header that primes the answer, 5 more.
 */
public final class TokenEstimator implements TokenCounter {
  private static final double ASCII_TOKENS_PER_CHAR = 1 / 3.5;
  private static final double SMALL_ALPHABET_TOKENS_PER_CHAR = 0.5;
  private static final double OTHER_BMP_TOKENS_PER_CHAR = 1.0;
  private static final double SUPPLEMENTARY_TOKENS_PER_CHAR = 3.0;
  private static final int LETTERS_PER_PIECE = 6;
  private static final int DIGITS_PER_PIECE = 3;
  private static final int MESSAGE_OVERHEAD_TOKENS = 5;
  private static final int REQUEST_OVERHEAD_TOKENS = 5;

  @Override
  public int count(String text) {
    if (text.isEmpty()) return 0;
    return Math.max((int) Math.ceil(weightedCharacters(text)), pieces(text));
  }

  @Override
  public int count(PromptMessage message) {
    // An image is priced by the model from its size; ImageBounds keeps it within one estimate.
    return MESSAGE_OVERHEAD_TOKENS + count(message.content())
        + message.images().size() * io.parley.core.attachment.ImageBounds.TOKENS_PER_IMAGE;
  }

  @Override
  public int requestOverhead() {
    return REQUEST_OVERHEAD_TOKENS;
  }

  private static double weightedCharacters(String text) {
    double total = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      total += weight(cp);
      i += Character.charCount(cp);
    }
    return total;
  }

  private static double weight(int cp) {
    if (cp < 0x80) return ASCII_TOKENS_PER_CHAR;
    if (isSmallAlphabet(cp)) return SMALL_ALPHABET_TOKENS_PER_CHAR;
    if (Character.isSupplementaryCodePoint(cp)) return SUPPLEMENTARY_TOKENS_PER_CHAR;
    return OTHER_BMP_TOKENS_PER_CHAR;
  }

  /** Scripts whose letters the vocabulary merges well: accented Latin, Greek, Cyrillic. */
  private static boolean isSmallAlphabet(int cp) {
    return cp < 0x0250 || (cp >= 0x0370 && cp < 0x0530) || (cp >= 0x1E00 && cp < 0x2000);
  }

  private static int pieces(String text) {
    int pieces = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int end;
      if (isWordCharacter(cp)) {
        end = runEnd(text, i, TokenEstimator::isWordCharacter);
        pieces += letterRunPieces(text, i, end);
      } else if (Character.isDigit(cp)) {
        end = runEnd(text, i, Character::isDigit);
        pieces += ceilDiv(text.codePointCount(i, end), DIGITS_PER_PIECE);
      } else if (Character.isWhitespace(cp)) {
        end = runEnd(text, i, Character::isWhitespace);
        // One space joins the word or punctuation after it; the tokenizer keeps longer runs
        // (indentation) as a token, and a space before a number or at the end on its own.
        if (text.codePointCount(i, end) > 1) pieces++;
        if (end == text.length() || Character.isDigit(text.codePointAt(end))) pieces++;
      } else {
        end = i + Character.charCount(cp);
        pieces++;
      }
      i = end;
    }
    return pieces;
  }

  private static int letterRunPieces(String text, int start, int end) {
    int pieces = ceilDiv(text.codePointCount(start, end), LETTERS_PER_PIECE);
    int previous = 0;
    int capitalsInRow = 0;
    for (int i = start; i < end; ) {
      int cp = text.codePointAt(i);
      capitalsInRow = Character.isUpperCase(cp) ? capitalsInRow + 1 : 0;
      if (Character.isLowerCase(previous) && Character.isUpperCase(cp)) pieces++;
      if (capitalsInRow > 1 && capitalsInRow % 2 == 1) pieces++;
      previous = cp;
      i += Character.charCount(cp);
    }
    return pieces;
  }

  private static boolean isWordCharacter(int cp) {
    if (Character.isLetter(cp)) return true;
    int type = Character.getType(cp);
    // Combining marks belong to the letter before them (Devanagari vowel signs, accents).
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static int runEnd(String text, int start, IntPredicate inRun) {
    int end = start;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      if (!inRun.test(cp)) break;
      end += Character.charCount(cp);
    }
    return end;
  }

  private static int ceilDiv(int dividend, int divisor) {
    return (dividend + divisor - 1) / divisor;
  }
}
