package io.parley.core.handoff;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conversation as a ticket carries it, for the team that answers it without the console: a
 * heading naming the messages it holds, then one line per message, who wrote it first. The newest
 * lines are kept when it is longer than a ticket holds, since the end says why a person was
 * wanted; tool results stay out (the team can look). The heading lets a ticket that already holds
 * part of a conversation be given only what came after ({@link #attachedThrough}). The team's copy is
 * labelled in English ({@link Labels#TEAM}); the copy a customer is emailed, in their language.
 */
public final class TicketTranscript {
  private static final Pattern HEADING = Pattern.compile("(?m)^Conversation, messages \\d+ to (\\d+):$");

  /**
   * How a transcript names its parts: its heading (of the first and the last message's number),
   * who wrote each message (an agent by name, {@code unnamedAgent} without one), and the line
   * standing for the messages left out.
   */
  public record Labels(BiFunction<Long, Long, String> heading, String customer, String assistant,
      UnaryOperator<String> agent, String unnamedAgent, String notice, String cut) {
    /** The team's labels, which {@link #attachedThrough} reads back. */
    public static final Labels TEAM = new Labels((first, last) -> "Conversation, messages " + first + " to " + last + ":",
        "Customer", "Assistant", name -> name + " (agent)", "Agent (agent)", "Notice", "[earlier messages left out]");
  }

  private TicketTranscript() {}

  /** The team's copy: at most {@code maxChars} characters (at least 100); empty when no message has words. */
  public static String of(List<ChatMessage> messages, int maxChars) {
    return of(messages, maxChars, Labels.TEAM);
  }

  /** As {@link #of(List, int)}, labelled by {@code labels}. */
  public static String of(List<ChatMessage> messages, int maxChars, Labels labels) {
    if (maxChars < 100) throw new IllegalArgumentException("maxChars must be 100 or more, got " + maxChars);
    List<ChatMessage> shown = messages.stream().filter(m -> m.role() != Role.TOOL && !m.text().isBlank()).toList();
    if (shown.isEmpty()) return "";
    String heading = labels.heading().apply(shown.get(0).seq(), shown.get(shown.size() - 1).seq());
    int room = maxChars - heading.length() - labels.cut().length() - 2;
    Deque<String> kept = new ArrayDeque<>();
    int length = 0;
    boolean cut = false;
    for (int i = shown.size() - 1; i >= 0; i--) {
      String line = speaker(shown.get(i), labels) + ": " + shown.get(i).text().strip();
      if (length + line.length() + 1 > room) {
        cut = true;
        break;
      }
      kept.addFirst(line);
      length += line.length() + 1;
    }
    if (cut) kept.addFirst(labels.cut());
    kept.addFirst(heading);
    return String.join("\n", kept);
  }

  /** The last message the ticket's texts (its description, its notes) hold of the conversation; 0 for none. */
  public static long attachedThrough(List<String> texts) {
    long through = 0;
    for (String text : texts) {
      Matcher heading = HEADING.matcher(text);
      while (heading.find()) through = Math.max(through, Long.parseLong(heading.group(1)));
    }
    return through;
  }

  private static String speaker(ChatMessage message, Labels labels) {
    return switch (message.role()) {
      case USER -> labels.customer();
      case ASSISTANT -> labels.assistant();
      case AGENT -> message.author().map(labels.agent()).orElse(labels.unnamedAgent());
      case SYSTEM, TOOL -> labels.notice();
    };
  }
}
