package io.parley.voice;

import java.util.regex.Pattern;

/**
 * The words of a piece of Markdown, as a synthesiser should say them: models write bullets, headings,
 * bold and links even when asked not to, and a synthesiser would read out "asterisk asterisk".
 */
final class SpeakableText {
  /** A code block's opening or closing line, with the language it may name. */
  private static final Pattern CODE_FENCE = Pattern.compile("(?m)^\\s*```[\\w+-]*");
  /** A link or image, whose address may hold one level of brackets (as Wikipedia's do). */
  private static final Pattern LINK = Pattern.compile("!?\\[([^\\]\\n]*)]\\((?:[^()\\s]|\\([^()\\s]*\\))*\\)");
  private static final Pattern HORIZONTAL_RULE = Pattern.compile("(?m)^\\s*([-*_])(\\s*\\1){2,}\\s*$");
  /** A heading, bullet or quote marker at the start of a line, or an item number ("2." but not "42." alone). */
  private static final Pattern BLOCK_MARKER =
      Pattern.compile("(?m)^[ \\t]*(?:(?:#{1,6}|[-*+>])(?:[ \\t]+|$)|\\d{1,3}[.)][ \\t]+)");
  private static final Pattern EMPHASIS = Pattern.compile("\\*\\*|__|~~|[*`]");
  /** An underscore that opens or closes emphasis, unlike the one in {@code order_id}. */
  private static final Pattern UNDERSCORE = Pattern.compile("(?<![\\p{L}\\p{N}])_|_(?![\\p{L}\\p{N}])");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private SpeakableText() {}

  static String of(String markdown) {
    String text = CODE_FENCE.matcher(markdown).replaceAll(" ");
    text = LINK.matcher(text).replaceAll("$1");
    text = HORIZONTAL_RULE.matcher(text).replaceAll("");
    text = BLOCK_MARKER.matcher(text.strip()).replaceAll("");
    text = EMPHASIS.matcher(text).replaceAll("");
    text = UNDERSCORE.matcher(text).replaceAll("");
    return WHITESPACE.matcher(text).replaceAll(" ").strip();
  }
}
