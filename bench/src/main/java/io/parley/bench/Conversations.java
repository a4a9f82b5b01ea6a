package io.parley.bench;

import io.parley.core.llm.TokenUsage;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.FactPinned;
import io.parley.sessions.entity.SessionEvent.SessionStarted;
import io.parley.sessions.entity.SessionEvent.SummaryUpdated;
import io.parley.sessions.entity.SessionEvent.UserMessageAppended;
import io.parley.sessions.entity.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Support conversations shaped like real ones, built through the session's own transitions (the
 * same events a {@code ChatSession} persists): customer questions of one to three sentences,
 * longer answers, five pinned facts (one of them superseded) and, past 40 messages, a rolling
 * summary of the older half. The same seed always gives the same conversation.
 */
public final class Conversations {
  private static final Instant START = Instant.parse("2026-11-21T09:00:00Z");
  private static final List<String> QUESTIONS = List.of(
      "Hi, my order hasn't arrived yet and the tracking page hasn't changed since Tuesday.",
      "Can I change the delivery address? I'm away this week and won't be home to sign for it.",
      "The charger that came with the laptop gets very hot after twenty minutes, is that normal?",
      "I was charged twice for the same order, I can see both payments on my card statement.",
      "How do I return the shoes? They are a size too small and I'd like the next size up instead.",
      "Thanks. And how long does the refund usually take once you have the parcel back?",
      "My email is jane.doe@example.com if you need to send me the label.");
  private static final List<String> ANSWERS = List.of(
      "I'm sorry about the wait. I checked order 48213: it left our warehouse on Monday and the carrier"
          + " scanned it at the regional depot on Tuesday. Parcels sometimes sit there for a day or two"
          + " before the last leg. If it has not moved by Friday, I can open a trace with the carrier for you.",
      "Yes, as long as the parcel has not been handed to the courier for delivery. I can redirect it to a"
          + " pickup point near you, or hold it at the depot for up to seven days. Which would you prefer?",
      "Chargers do get warm, but one too hot to hold is not normal. Please unplug it and stop using it. I"
          + " can send a replacement charger today under the warranty; you won't need to return the laptop.",
      "You're right, I can see two payments of 59.90 EUR. The second one is a duplicate authorisation and"
          + " should drop off your statement within three to five working days. If it is still there next"
          + " week, reply here and I will refund it manually.",
      "Of course. Exchanges are free within 30 days. I've created return RMA-7731 for you; print the label"
          + " from the link in the email we just sent, drop the parcel at any post office, and we ship the"
          + " next size as soon as it is scanned.");

  private Conversations() {}

  /** An open session with {@code messages} messages (user and assistant alternating), facts and summary. */
  public static SessionState.Open open(int messages, long seed) {
    Random random = new Random(seed);
    SessionState.Open open = new SessionState.NotStarted()
        .start(new SessionStarted("acme", Optional.of("user-42"), Channel.CHAT, START));
    for (int seq = 1; seq <= messages; seq++) {
      Instant at = START.plus(Duration.ofSeconds(20L * seq));
      String turnId = "turn-" + ((seq + 1) / 2);
      if (seq % 2 == 1) {
        open = open.appendUser(
            new UserMessageAppended(seq, "client-" + seq, pick(QUESTIONS, random), turnId, at));
      } else {
        open = open.appendAssistant(new AssistantMessageAppended(seq, turnId, pick(ANSWERS, random),
            AnswerSource.LLM, Optional.of(new TokenUsage(1200 + seq * 40, 90)), at));
      }
    }
    open = open
        .pinFact(new FactPinned("customer_name", "Jane Doe", 1, Optional.empty(), START))
        .pinFact(new FactPinned("email", "jane@example.com", 1, Optional.empty(), START))
        .pinFact(new FactPinned("order_number", "48213", 1, Optional.empty(), START))
        .pinFact(new FactPinned("email", "jane.doe@example.com", 7, Optional.of("jane@example.com"), START))
        .pinFact(new FactPinned("ticket_number", "RMA-7731", 9, Optional.empty(), START));
    if (messages > 40) {
      open = open.updateSummary(new SummaryUpdated(summary(messages / 2), 1, messages / 2, AnswerSource.LLM,
          START.plus(Duration.ofHours(1))));
    }
    return open;
  }

  /** The event of a customer message, as the journal stores it. */
  public static UserMessageAppended userMessage(long seq) {
    return new UserMessageAppended(seq, "client-" + seq, QUESTIONS.get((int) (seq % QUESTIONS.size())),
        "turn-" + seq, START.plus(Duration.ofSeconds(seq)));
  }

  /** One streamed piece of an answer: a few words, as a model sends them. */
  public static SessionUpdate.Delta delta() {
    return new SessionUpdate.Delta("turn-17", " the carrier scanned it");
  }

  /** A persisted answer pushed to a subscriber. */
  public static SessionUpdate.MessageAdded messageAdded() {
    return new SessionUpdate.MessageAdded(
        new ChatMessage(18, Role.ASSISTANT, ANSWERS.get(0), "turn-9", START));
  }

  private static String summary(int coveredMessages) {
    return "The customer (Jane Doe) asked about order 48213, which has not arrived; it was at the regional"
        + " depot on Tuesday and a trace is promised if it has not moved by Friday. A duplicate charge of"
        + " 59.90 EUR was explained as an authorisation that drops off within five working days. An exchange"
        + " for the next shoe size was opened as RMA-7731. Covers the first " + coveredMessages + " messages.";
  }

  private static String pick(List<String> texts, Random random) {
    return texts.get(random.nextInt(texts.size()));
  }
}
