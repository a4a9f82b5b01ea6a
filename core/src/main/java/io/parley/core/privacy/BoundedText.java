package io.parley.core.privacy;

/**
 * Text that a regular expression may read only so many characters of: a tenant's pattern that
 * backtracks catastrophically on some input gives up instead of holding a turn (or a log line)
 * for minutes. java.util.regex has no time limit of its own; every step reads the input, so
 * counting reads bounds the work.
 */
final class BoundedText implements CharSequence {
  /** Thrown when the pattern has read its allowance. */
  static final class Exhausted extends RuntimeException {
    Exhausted() {
      super("pattern read more than its allowance", null, false, false);
    }
  }

  private final CharSequence text;
  private final long[] reads;
  private final long allowance;

  BoundedText(CharSequence text, long allowance) {
    this(text, new long[1], allowance);
  }

  private BoundedText(CharSequence text, long[] reads, long allowance) {
    this.text = text;
    this.reads = reads;
    this.allowance = allowance;
  }

  @Override
  public char charAt(int index) {
    if (++reads[0] > allowance) throw new Exhausted();
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text.subSequence(start, end), reads, allowance);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
