package io.parley.sessions.conversations;

import io.parley.persistence.conversations.ConversationTexts;
import io.parley.sessions.ArchiveRedaction;
import io.parley.sessions.entity.ToolCallNote;
import io.parley.sessions.turn.ToolRound;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conversation's rating comment and tool calls as the export prints them, from what the projection
 * kept ({@link ExportTexts}): each held value becomes its placeholder, numbered as {@link
 * ArchiveRedaction} numbers a session's texts: first the values its messages mention, in their order,
 * then those first written in the comment, then in the tool calls (each call's arguments, result,
 * approval's words and refusal's reason).
 */
public final class ExportPrint {
  private static final Pattern HELD = Pattern.compile(ExportTexts.OPEN + "([^:" + ExportTexts.OPEN + ExportTexts.CLOSE
      + "]+):(-?\\d+)" + ExportTexts.CLOSE);

  private final Map<String, Map<Long, Integer>> numbers = new HashMap<>();
  private final Map<String, Integer> counts = new HashMap<>();

  private ExportPrint(ExportTexts.Redaction redaction) {
    redaction.seen().forEach((kind, hashes) -> {
      Map<Long, Integer> numbered = numbers.computeIfAbsent(kind, k -> new HashMap<>());
      for (Long hash : hashes) numbered.put(hash, numbered.size() + 1);
      counts.put(kind, numbered.size());
    });
  }

  /** The comment and the calls, redacted as the session's archive is. */
  public record Printed(Optional<String> ratingComment, List<ToolCallNote> toolCalls) {}

  /**
   * Whether {@code texts} were folded from every message of the row: a node of the release before,
   * which keeps no texts, may have folded some of the session's events since, and then the export
   * asks the session instead. {@code messages}: the row's customer's, bot's and agent's messages and notices.
   */
  public static boolean upTo(ConversationTexts texts, long messages) {
    return ExportTexts.read(texts.redaction(), ExportTexts.Redaction.class).messages() == messages;
  }

  public static Printed of(ConversationTexts texts) {
    ExportTexts.Redaction redaction = ExportTexts.read(texts.redaction(), ExportTexts.Redaction.class);
    List<ToolCallNote> calls = ExportTexts.read(texts.toolCalls(), ExportTexts.CALLS);
    if (!redaction.redacts()) return new Printed(texts.ratingComment(), calls);
    ExportPrint print = new ExportPrint(redaction);
    Optional<String> comment = texts.ratingComment().map(print::placed);
    List<ToolCallNote> placed = calls.stream().map(call -> new ToolCallNote(call.turnId(), call.callId(), call.tool(),
        print.placed(call.argumentsJson()), call.requestedAt(),
        call.result().map(r -> new ToolCallNote.Result(r.ok(), print.placed(r.summary()), r.at())),
        call.approval().map(a -> new ToolCallNote.ApprovalNote(a.approver(), print.placed(a.summary()), a.askedAt(),
            a.decision().map(d -> new ToolRound.Decision(d.outcome(), d.reason().map(print::placed), d.at(), d.by()))))))
        .toList();
    return new Printed(comment, placed);
  }

  /** {@code text} with each held value's placeholder, new ones numbered on. */
  private String placed(String text) {
    if (text.indexOf(ExportTexts.OPEN) < 0) return text;
    Matcher matcher = HELD.matcher(text);
    StringBuilder placed = new StringBuilder(text.length());
    while (matcher.find()) {
      String kind = matcher.group(1);
      int number = numbers.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent(Long.parseLong(matcher.group(2)),
          hash -> counts.merge(kind, 1, Integer::sum));
      matcher.appendReplacement(placed, Matcher.quoteReplacement("[" + kind + "_" + number + "]"));
    }
    matcher.appendTail(placed);
    return placed.toString();
  }
}
