package io.parley.core.prompt;

import java.util.regex.Pattern;

/**
 * Wraps what a tool returned (a knowledge-base passage, an order's status, a remote tool's answer)
 * as data in the prompt, between markers the system prompt tells the model about: text inside is
 * information, never instructions. Anything in the data that looks like a marker is broken up
 * first, so a document cannot close its fence early and speak as the prompt (PROMPTS.md).
 */
public final class DataFence {
  public static final String OPEN = "<<<DATA";
  public static final String CLOSE = "<<<END DATA>>>";
  private static final Pattern ANGLES = Pattern.compile("<{3,}|>{3,}");

  private DataFence() {}

  /** {@code text} fenced as data from {@code source} (a tool's name). */
  public static String fence(String source, String text) {
    return OPEN + " from " + neutralised(source) + ">>>\n" + neutralised(text) + "\n" + CLOSE;
  }

  private static String neutralised(String text) {
    // "<<<" becomes "< < <": the model still reads it, the fence no longer does.
    return ANGLES.matcher(text).replaceAll(run -> String.join(" ", run.group().split("")));
  }
}
