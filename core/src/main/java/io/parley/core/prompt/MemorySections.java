package io.parley.core.prompt;

import io.parley.core.llm.PromptMessage;
import io.parley.core.memory.MemoryEntry;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.PinnedFacts;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns what Parley remembers into the context sections of a turn's prompt, placed in this
 * order: long-term memory from earlier conversations, the rolling summary of this one, then its
 * pinned facts. The order runs from oldest and least certain to newest and most exact, so what
 * the model reads last before the conversation is what holds now (a corrected email in the facts
 * comes after an old one in memory).
 *
 * <p>Room is handed out the other way round: the pinned facts have the highest priority, so
 * when the budget is short the assembler leaves out long-term memory first, then the summary,
 * and the facts last. They are the smallest section and the one that spares the customer from
 * repeating themselves; the summary only stands in for messages no longer shown, and memory of
 * past sessions matters least to this one. The facts and memory sections are bounded here;
 * the summary is bounded when it is written.
 */
public record MemorySections(TokenCounter counter, int maxFactsTokens, int maxMemoryTokens) {
  public static final String MEMORY_HEADING = "From earlier conversations with this customer:";
  public static final String SUMMARY_HEADING = "Summary of the conversation so far:";
  public static final int FACTS_PRIORITY = 3;
  public static final int SUMMARY_PRIORITY = 2;
  public static final int MEMORY_PRIORITY = 1;
  public static final int DEFAULT_MAX_FACTS_TOKENS = 400;
  public static final int DEFAULT_MAX_MEMORY_TOKENS = 400;
  private static final int MAX_MEMORY_LINE_CHARS = 300;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  public static MemorySections defaults(TokenCounter counter) {
    return new MemorySections(counter, DEFAULT_MAX_FACTS_TOKENS, DEFAULT_MAX_MEMORY_TOKENS);
  }

  /**
   * The sections for {@link PromptAssembler#assemble(List, List)}; an empty part gives no
   * section.
   *
   * @param summary the rolling summary, if there is one
   * @param facts the pinned facts of this conversation
   * @param memories recalled memories, best first: those that do not fit the memory section's
   *     cap are left out, and so are remembered facts that the pinned facts already hold
   */
  public List<ContextSection> build(Optional<String> summary, PinnedFacts facts, List<MemoryHit> memories) {
    List<ContextSection> sections = new ArrayList<>();
    memory(memories, facts).ifPresent(text -> sections.add(ContextSection.system(text, MEMORY_PRIORITY)));
    summary.map(String::strip).filter(s -> !s.isEmpty())
        .ifPresent(s -> sections.add(ContextSection.system(SUMMARY_HEADING + "\n" + s, SUMMARY_PRIORITY)));
    String pinned = facts.render(counter, maxFactsTokens);
    if (!pinned.isEmpty()) sections.add(ContextSection.system(pinned, FACTS_PRIORITY));
    return sections;
  }

  private Optional<String> memory(List<MemoryHit> memories, PinnedFacts facts) {
    StringBuilder text = new StringBuilder(MEMORY_HEADING);
    int lines = 0;
    for (MemoryHit hit : memories) {
      MemoryEntry entry = hit.entry();
      boolean semantic = MemoryEntry.SEMANTIC.equals(entry.kind());
      if (semantic && facts.knows(entry.name(), entry.text())) continue;
      String said = oneLine(entry.text());
      String day = entry.at() == null ? "" : DAY.format(entry.at());
      String line = semantic
          ? "\n- " + entry.name() + ": " + said + (day.isEmpty() ? "" : " (" + day + ")")
          : "\n- " + (day.isEmpty() ? "" : day + ": ") + said;
      if (counter.count(PromptMessage.system(text + line)) > maxMemoryTokens) continue;
      text.append(line);
      lines++;
    }
    return lines == 0 ? Optional.empty() : Optional.of(text.toString());
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    if (line.length() <= MAX_MEMORY_LINE_CHARS) return line;
    int cut = line.lastIndexOf(' ', MAX_MEMORY_LINE_CHARS - 1);
    return line.substring(0, cut > 0 ? cut : MAX_MEMORY_LINE_CHARS - 1) + "…";
  }
}
