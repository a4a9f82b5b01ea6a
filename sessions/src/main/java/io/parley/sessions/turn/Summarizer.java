package io.parley.sessions.turn;

import io.parley.core.AsyncCause;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmRequest;
import io.parley.core.memory.SeqRange;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Folds a range of old messages into the session's rolling summary, between turns, without
 * blocking them: with a model it asks for an updated summary (PROMPTS.md), without one it
 * extends the summary extractively. It reports ({@link Report}) the new summary, or the failure (the session
 * tries again later; the messages stay in the journal either way), then stops.
 */
public final class Summarizer {
  sealed interface Command {}

  /** What a summarizer tells its session, which hears it behind a message adapter. */
  public sealed interface Report {
    /** The summary of {@code range}, written by the model or, without one, extractively. */
    record Written(SeqRange range, String text, AnswerSource source) implements Report {}

    record Failed(SeqRange range, String reason) implements Report {}
  }

  private record Redacted(LlmRequest request) implements Command {}
  private record Done(String text, Throwable error) implements Command {}

  /** Tokens a summary answer may take (250 words and some slack). */
  private static final int SUMMARY_MAX_TOKENS = 600;

  private Summarizer() {}

  /**
   * {@code placeholders} hide the personal data of {@code messages} from the model and restore it in
   * the summary, the tenant's patterns run where {@code patterns} runs them (the tenant-logic pool);
   * {@code providers} are the tenant's model providers (empty: the node's).
   */
  public static Behavior<Command> create(SeqRange range, Optional<String> previous, List<ChatMessage> messages,
      Placeholders placeholders, TurnPatterns patterns, List<String> providers, ActorRef<Report> session,
      Optional<LlmClient> llm, TurnPrompts prompts) {
    return Behaviors.setup(ctx -> {
      if (llm.isEmpty()) {
        String text = prompts.extractiveSummary(previous, messages);
        session.tell(new Report.Written(range, text, AnswerSource.OFFLINE));
        return Behaviors.stopped();
      }
      ctx.pipeToSelf(patterns.run(() -> new LlmRequest(prompts.summaryRequest(previous.map(placeholders::redact),
          messages.stream().map(m -> m.withText(placeholders.redact(m.text()))).toList()), SUMMARY_MAX_TOKENS, 0.2)
          .withProviders(providers)), (request, error) -> error == null ? new Redacted(request) : new Done(null, error));
      return Behaviors.receive(Command.class)
          .onMessage(Redacted.class, redacted -> summarize(ctx, range, redacted.request(), placeholders, session, llm.get()))
          .onMessage(Done.class, done -> reported(range, done, session))
          .build();
    });
  }

  private static Behavior<Command> summarize(ActorContext<Command> ctx, SeqRange range, LlmRequest request,
      Placeholders placeholders, ActorRef<Report> session, LlmClient llm) {
    var call = llm.stream(request, piece -> { });
    ctx.pipeToSelf(call.result(),
        (answer, error) -> new Done(answer == null ? null : placeholders.restore(answer.text()), error));
    return Behaviors.receive(Command.class)
        .onMessage(Done.class, done -> reported(range, done, session))
        .onSignal(PostStop.class, stop -> {
          call.cancel();
          return Behaviors.same();
        })
        .build();
  }

  /** Tells the session the summary, or why there is none, and stops. */
  private static Behavior<Command> reported(SeqRange range, Done done, ActorRef<Report> session) {
    if (done.error() != null || done.text() == null || done.text().isBlank()) {
      Throwable cause = AsyncCause.of(done.error());
      session.tell(new Report.Failed(range, cause == null ? "the model returned an empty summary" : cause.toString()));
    } else {
      session.tell(new Report.Written(range, done.text().strip(), AnswerSource.LLM));
    }
    return Behaviors.stopped();
  }
}
