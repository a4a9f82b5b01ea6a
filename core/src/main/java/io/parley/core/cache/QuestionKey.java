package io.parley.core.cache;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A question as the cache compares it word for word: compatibility-normalised, lower case, with
 * punctuation and spacing reduced to single spaces, so that "How do I reset my password?" and
 * "how do i reset my password" are one key. Paraphrases are the semantic match's job.
 */
public final class QuestionKey {
  private QuestionKey() {}

  public static String of(String question) {
    String folded = Normalizer.normalize(question, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder key = new StringBuilder(folded.length());
    boolean space = false;
    for (int i = 0; i < folded.length(); ) {
      int c = folded.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetterOrDigit(c)) {
        if (space && key.length() > 0) key.append(' ');
        key.appendCodePoint(c);
        space = false;
      } else {
        // An apostrophe is dropped, not a word break: "can't" and "cant" are one word.
        space = space || !(c == '\'' || c == '\u2019');
      }
    }
    return key.toString();
  }
}
