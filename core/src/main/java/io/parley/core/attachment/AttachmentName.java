package io.parley.core.attachment;

/**
 * The name an uploader gave a file, made safe to show and to put in a header: no directories,
 * no control characters or quotes, at most {@link #MAX_LENGTH} characters; {@code attachment} when
 * nothing is left.
 */
public final class AttachmentName {
  public static final int MAX_LENGTH = 200;

  private AttachmentName() {}

  public static String clean(String given) {
    if (given == null) return "attachment";
    String base = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
    StringBuilder kept = new StringBuilder();
    base.codePoints().filter(c -> !Character.isISOControl(c) && c != '"' && c != ';' && c != '\u2028' && c != '\u2029')
        .forEach(kept::appendCodePoint);
    String name = kept.toString().strip();
    if (name.length() > MAX_LENGTH) name = name.substring(0, MAX_LENGTH);
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "attachment" : name;
  }
}
