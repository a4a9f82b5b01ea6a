package io.parley.core.privacy;

import java.util.function.Consumer;

/**
 * Restores placeholders in a streamed answer: a placeholder may arrive split across pieces
 * ("[EMA", "IL_1] today"), so text from an unclosed {@code [} on is held back until it closes or
 * grows too long to be one. What is passed on never shows a placeholder the conversation knows.
 */
public final class StreamingRestorer {
  private static final int LONGEST_PLACEHOLDER = ("[" + "X".repeat(20) + "_9999]").length();

  private final Placeholders placeholders;
  private final Consumer<String> out;
  private final StringBuilder held = new StringBuilder();

  public StreamingRestorer(Placeholders placeholders, Consumer<String> out) {
    this.placeholders = placeholders;
    this.out = out;
  }

  public void accept(String piece) {
    held.append(piece);
    int open = held.lastIndexOf("[");
    boolean pending = open >= 0 && held.indexOf("]", open) < 0 && held.length() - open < LONGEST_PLACEHOLDER;
    String ready = pending ? held.substring(0, open) : held.toString();
    held.delete(0, ready.length());
    if (!ready.isEmpty()) out.accept(placeholders.restore(ready));
  }

  /** Whatever is still held back, at the end of the stream. */
  public void flush() {
    if (held.length() > 0) out.accept(placeholders.restore(held.toString()));
    held.setLength(0);
  }
}
