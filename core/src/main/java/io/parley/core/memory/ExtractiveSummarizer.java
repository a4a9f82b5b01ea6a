package io.parley.core.memory;

import io.parley.core.llm.PromptMessage;
import io.parley.core.prompt.TokenCounter;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A rolling summary made without a model, for offline mode and for when the summarising call
 * fails: it picks sentences, it never writes new ones, so it cannot invent anything. The same
 * input always gives the same summary.
 *
 * <p>Each customer message becomes a line "Customer: " with its first sentence that is not a
 * greeting or thanks, and its first question if that came later; each assistant answer a line
 * "Assistant: " with its first such sentence and every commitment it made ({@link
 * FactExtractor}'s rule). System notes become "Note: " lines; tool messages are left out. A line
 * already in the summary is not added again. When the summary would exceed its token cap, its
 * oldest lines are dropped, and a first line says so: the pinned facts keep what must not be
 * lost.
 */
public final class ExtractiveSummarizer {
  public static final int DEFAULT_MAX_TOKENS = 400;
  public static final String DROPPED = "(Older parts of the conversation are left out of this summary.)";
  private static final int MAX_CUSTOMER_CHARS = 200;
  private static final int MAX_ASSISTANT_CHARS = 300;

  private static final Pattern GREETING_OPENER = Pattern.compile(
      "(?i)^(?:(?:hi|hello|hey|dear)\\b[^,!.?]{0,30}|thanks?(?: you)?\\b[^,!.?]{0,40}"
          + "|sure|certainly|of course|absolutely|great|ok(?:ay)?|alright|no problem)[,!]\\s+");
  private static final Pattern FILLER = Pattern.compile("(?i)^(?:"
      + "(?:hi|hello|hey|dear)(?:\\s+\\p{L}+)?|good\\s+(?:morning|afternoon|evening)(?:\\s+\\p{L}+)?"
      + "|thanks?(?:\\s+you)?(?:\\s+(?:so|very)\\s+much|\\s+a\\s+lot|\\s+again)?(?:\\s+for\\b.*)?"
      + "|thank\\s+you(?:\\s+(?:so|very)\\s+much)?(?:\\s+for\\b.*)?|many\\s+thanks|cheers|great"
      + "|perfect|awesome|wonderful|excellent|ok(?:ay)?|sure|alright|no\\s+problem"
      + "|you(?:'|’)?re\\s+(?:very\\s+)?welcome|my\\s+pleasure|have\\s+a\\s+(?:nice|great|good|lovely)"
      + "\\s+(?:day|evening|weekend)|(?:good)?bye|see\\s+you|i\\s+hope\\s+(?:this|that)\\s+helps"
      + "|(?:i(?:'|’)?m\\s+)?(?:happy|glad)\\s+(?:i\\s+could|to)\\s+help.*"
      + "|(?:is\\s+there\\s+)?anything\\s+else.*|i\\s+understand|i\\s+see|got\\s+it|of\\s+course"
      + "|certainly|absolutely|that(?:'|’)?s\\s+(?:all|it|great|perfect)"
      + "|(?:i(?:'|’)?m\\s+|we(?:'|’)?re\\s+)?(?:so\\s+|very\\s+|really\\s+)?sorry\\s+(?:to\\s+hear"
      + "\\s+(?:that|this|about\\s+\\S+)|for\\s+the\\s+(?:inconvenience|trouble|delay|wait))"
      + "|(?:i|we)\\s+apologi[sz]e\\s+for\\s+the\\s+(?:inconvenience|trouble|delay|wait)"
      + ")[\\s,.!?:)(-]*$");

  private final TokenCounter counter;
  private final int maxTokens;

  public ExtractiveSummarizer(TokenCounter counter, int maxTokens) {
    if (maxTokens < 50) throw new IllegalArgumentException("maxTokens must be at least 50, was " + maxTokens);
    this.counter = counter;
    this.maxTokens = maxTokens;
  }

  /**
   * The summary extended by {@code messages}, at most the token cap as a system message.
   *
   * @param previousSummary the summary so far, extractive or written by a model; empty for none
   * @param messages the range being folded in, in conversation order
   */
  public String extend(String previousSummary, List<ChatMessage> messages) {
    List<String> lines = new ArrayList<>();
    boolean dropped = false;
    for (String line : previousSummary.strip().split("\n")) {
      line = line.strip();
      if (line.equals(DROPPED)) {
        dropped = true;
      } else if (line.length() > 2 * MAX_ASSISTANT_CHARS) {
        // A model's summary is often one paragraph: sentences can then be dropped one by one.
        lines.addAll(FactExtractor.sentences(line));
      } else if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    Set<String> known = new LinkedHashSet<>(lines);
    for (ChatMessage message : messages) {
      String line = line(message);
      if (!line.isEmpty() && known.add(line)) lines.add(line);
    }

    while (tokens(render(lines, dropped)) > maxTokens && lines.size() > 1) {
      lines.remove(0);
      dropped = true;
    }
    String summary = render(lines, dropped);
    if (tokens(summary) > maxTokens && !lines.isEmpty()) {
      // One line alone is over the cap: keep as much of its start as fits.
      String only = lines.get(0);
      int keep = only.length();
      while (keep > 1 && tokens(render(List.of(FactExtractor.shorten(only, keep)), dropped)) > maxTokens) {
        keep = keep * 9 / 10;
      }
      summary = render(List.of(FactExtractor.shorten(only, keep)), dropped);
    }
    return summary;
  }

  private String line(ChatMessage message) {
    List<String> sentences = new ArrayList<>();
    for (String sentence : FactExtractor.sentences(message.text())) {
      String s = GREETING_OPENER.matcher(sentence).replaceFirst("");
      if (!s.isEmpty() && !FILLER.matcher(s).matches()) {
        sentences.add(Character.toUpperCase(s.charAt(0)) + s.substring(1));
      }
    }
    if (sentences.isEmpty()) return "";
    Set<String> picked = new LinkedHashSet<>();
    picked.add(sentences.get(0));
    return switch (message.role()) {
      case USER -> {
        sentences.stream().filter(s -> s.endsWith("?")).findFirst().ifPresent(picked::add);
        yield "Customer: " + FactExtractor.shorten(String.join(" ", picked), MAX_CUSTOMER_CHARS);
      }
      case ASSISTANT, AGENT -> {
        sentences.stream().filter(FactExtractor::isCommitment).forEach(picked::add);
        String speaker = message.role() == Role.AGENT
            ? message.author().map(name -> "Agent " + name).orElse("Agent") : "Assistant";
        yield speaker + ": " + FactExtractor.shorten(String.join(" ", picked), MAX_ASSISTANT_CHARS);
      }
      case SYSTEM -> "Note: " + FactExtractor.shorten(sentences.get(0), MAX_CUSTOMER_CHARS);
      case TOOL -> "";
    };
  }

  private int tokens(String summary) {
    return counter.count(PromptMessage.system(summary));
  }

  private static String render(List<String> lines, boolean dropped) {
    List<String> all = new ArrayList<>();
    if (dropped) all.add(DROPPED);
    all.addAll(lines);
    return String.join("\n", all);
  }
}
