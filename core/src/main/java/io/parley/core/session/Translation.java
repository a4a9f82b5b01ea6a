package io.parley.core.session;

/**
 * Marks a message's text as the model's translation of what its author wrote: {@code original}
 * in the language {@code from} (a BCP 47 tag), translated into {@code to}. Kept with the message
 * so staff read both and nobody takes the translation for the author's own words. A reply that
 * was to be translated but went as written, because the model failed, keeps the mark with the
 * message's own text as {@code original}: staff are told the customer read it untranslated.
 */
public record Translation(String original, String from, String to) {
  /** The same translation with {@code text} in place of the original (personal data replaced by placeholders). */
  public Translation withOriginal(String text) {
    return new Translation(text, from, to);
  }
}
