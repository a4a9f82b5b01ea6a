package io.parley.core.citation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of the citations an answer's text makes ("[1]") name a passage the knowledge base gave the
 * model in this turn. A model may cite a number it was never given: such a citation is made up, its
 * marker is taken out of the text (a reader would look for a source that does not exist) and it is
 * counted; the real ones are kept in the order the text first cites them, each once.
 */
public final class CitationCheck {
  /** "[3]", and each number of "[1, 3]" or "[1][3]". */
  private static final Pattern MARKER = Pattern.compile("\\s?\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");
  private static final Pattern NUMBER = Pattern.compile("\\d{1,3}");

  /**
   * The text with made-up markers taken out, the citations kept, and how many made-up numbers it cited.
   */
  public record Checked(String text, List<Citation> citations, int madeUp) {
    public Checked {
      citations = List.copyOf(citations);
    }
  }

  private CitationCheck() {}

  /** @param given the passages of this turn's searches by the number the model was told to cite them by */
  public static Checked check(String text, Map<Integer, Citation> given) {
    Map<Integer, Citation> cited = new LinkedHashMap<>();
    int madeUp = 0;
    StringBuilder kept = new StringBuilder(text.length());
    Matcher marker = MARKER.matcher(text);
    while (marker.find()) {
      List<Integer> real = new ArrayList<>();
      Matcher number = NUMBER.matcher(marker.group(1));
      while (number.find()) {
        int ref = Integer.parseInt(number.group());
        if (given.containsKey(ref)) {
          real.add(ref);
          cited.putIfAbsent(ref, given.get(ref));
        } else {
          madeUp++;
        }
      }
      String leading = marker.group().startsWith("[") ? "" : marker.group().substring(0, 1);
      String replacement = real.isEmpty() ? ""
          : leading + "[" + String.join(", ", real.stream().map(String::valueOf).toList()) + "]";
      marker.appendReplacement(kept, Matcher.quoteReplacement(replacement));
    }
    marker.appendTail(kept);
    return new Checked(kept.toString(), List.copyOf(cited.values()), madeUp);
  }
}
