package io.parley.core.attachment;

import java.nio.charset.StandardCharsets;

/**
 * The name an uploader gave a file, made safe to show and to put in a header: no directories, no
 * control characters or quotes, no Unicode format characters (general category Cf: the
 * bidirectional overrides that show {@code invoice\u202Efdp.exe} as {@code invoiceexe.pdf}, the
 * zero-width ones that hide part of a name), at most {@link #MAX_LENGTH} characters;
 * {@code attachment} when nothing is left.
 */
public final class AttachmentName {
  public static final int MAX_LENGTH = 200;
  private static final String ATTR_CHAR_PUNCTUATION = "!#$&+-.^_`|~";

  private AttachmentName() {}

  public static String clean(String given) {
    if (given == null) return "attachment";
    String base = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
    StringBuilder kept = new StringBuilder();
    base.codePoints().filter(c -> !Character.isISOControl(c) && c != '"' && c != ';' && c != '\u2028' && c != '\u2029'
            && Character.getType(c) != Character.FORMAT)
        .forEach(kept::appendCodePoint);
    String name = kept.toString().strip();
    if (name.length() > MAX_LENGTH) name = name.substring(0, MAX_LENGTH);
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "attachment" : name;
  }

  /** {@code text} without Unicode format characters (Cf), for a name or title shown to people beside a file's. */
  public static String withoutFormatCharacters(String text) {
    StringBuilder kept = new StringBuilder(text.length());
    text.codePoints().filter(c -> Character.getType(c) != Character.FORMAT).forEach(kept::appendCodePoint);
    return kept.toString();
  }

  /**
   * The {@code Content-Disposition} value for a file named {@code name} (cleaned again, for names
   * stored before a rule was added), as RFC 6266 writes it: {@code filename} in ASCII for old
   * clients (other characters as {@code _}), and the whole name in {@code filename*}, UTF-8
   * percent-encoded as RFC 8187 (which replaced RFC 5987) says, which every current browser prefers.
   */
  public static String disposition(boolean inline, String name) {
    String clean = clean(name);
    StringBuilder ascii = new StringBuilder();
    clean.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F && c != '\\' && c != '%' ? (char) c : '_'));
    StringBuilder encoded = new StringBuilder();
    for (byte b : clean.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || ATTR_CHAR_PUNCTUATION.indexOf(c) >= 0)) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
