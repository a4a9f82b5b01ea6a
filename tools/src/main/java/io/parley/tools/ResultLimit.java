package io.parley.tools;

/**
 * The most of a tool's result on another server that the model reads ({@code PARLEY_TOOL_RESULT_MAX_CHARS}):
 * a longer result is cut there, with a note the model reads saying so, and no more of the answer
 * than could make that many characters is read off the connection ({@link #maxBytes()}).
 */
public record ResultLimit(int maxChars) {
  public static final int DEFAULT_MAX_CHARS = 16_000;

  public ResultLimit {
    if (maxChars < 100) throw new IllegalArgumentException("a tool's result needs at least 100 characters, got " + maxChars);
  }

  public static ResultLimit standard() {
    return new ResultLimit(DEFAULT_MAX_CHARS);
  }

  /** Bytes that hold at least {@code maxChars} characters of UTF-8 (none takes more than four). */
  public int maxBytes() {
    return maxChars * 4;
  }

  /** {@code content}, or its first {@code maxChars} characters and the note. */
  public String cut(String content) {
    if (content.length() <= maxChars) return content;
    return content.substring(0, maxChars) + note();
  }

  /** What the model reads after a result that was cut. */
  public String note() {
    return "\n[The result was cut here: it was longer than " + maxChars + " characters, and only its beginning is"
        + " shown. If what the customer asked for is not above, say that the answer was too long to read in full.]";
  }
}
