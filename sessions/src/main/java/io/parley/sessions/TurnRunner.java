package io.parley.sessions;

import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmException;
import io.parley.core.llm.LlmRequest;
import io.parley.core.offline.OfflineReason;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs one turn for its parent {@link ChatSession}: builds the prompt from the history that fits
 * the token budget, streams the model's answer (each piece goes straight to the session, which
 * fans it out), and reports the whole answer. Whatever goes wrong — no model configured, the
 * model failing after its retries, the turn timing out — the session still gets an answer, from
 * the offline responder. The runner stops after reporting; stopping it cancels the model call.
 */
final class TurnRunner {
  sealed interface Command {}

  private record Finished(LlmAnswer answer) implements Command {}

  private record Failed(Throwable error) implements Command {}

  private record TimedOut() implements Command {}

  /** The turn to run: the user message it answers is the last of {@code history}. */
  record Request(SessionId sessionId, String turnId, List<ChatMessage> history) {
    String userText() {
      return history.isEmpty() ? "" : history.get(history.size() - 1).text();
    }

    boolean firstAnswer() {
      return history.stream().noneMatch(m -> m.role() == Role.ASSISTANT);
    }
  }

  static Behavior<Command> create(Request request, ActorRef<ChatSession.Command> session, TurnServices services) {
    SessionId id = request.sessionId();
    return Behaviors.withMdc(Command.class,
        Map.of("tenant", id.tenant(), "sessionId", id.wireId(), "turnId", request.turnId()),
        Behaviors.setup(ctx -> services.llm()
            .map(llm -> streamFromModel(ctx, request, session, services, llm))
            .orElseGet(() -> answerOffline(request, session, services, OfflineReason.NOT_CONFIGURED))));
  }

  private static Behavior<Command> streamFromModel(
      ActorContext<Command> ctx, Request request, ActorRef<ChatSession.Command> session, TurnServices services,
      LlmClient llm) {
    Instant started = services.clock().instant();
    AtomicBoolean firstDelta = new AtomicBoolean(true);
    SessionSettings settings = services.settings();
    LlmRequest llmRequest = new LlmRequest(
        services.prompts().assemble(request.history(), LocalDate.now(services.clock())).messages(),
        settings.answerMaxTokens(), settings.temperature());
    // Deltas go straight to the session from the client's thread: ActorRef.tell is thread-safe, and
    // they are enqueued before the call completes, so they always precede the final answer.
    LlmCall call = llm.stream(llmRequest, text -> {
      if (firstDelta.compareAndSet(true, false)) services.metrics().firstToken(secondsSince(started, services));
      session.tell(new ChatSession.TurnDelta(request.turnId(), text));
    });
    ctx.pipeToSelf(call.result(), (answer, error) -> error == null ? new Finished(answer) : new Failed(error));
    return Behaviors.withTimers(timers -> {
      timers.startSingleTimer(new TimedOut(), settings.turnTimeout());
      return Behaviors.receive(Command.class)
          .onMessage(Finished.class, finished -> {
            if (finished.answer().text().isBlank()) {
              ctx.getLog().warn("model {} returned an empty answer for {}", llm.name(), request.turnId());
              services.metrics().llmFailed(llm.name(), "empty_answer");
              return answerOffline(request, session, services, OfflineReason.MODEL_UNAVAILABLE);
            }
            finished.answer().usage().ifPresent(usage -> services.metrics().tokensUsed(llm.name(), usage));
            session.tell(new ChatSession.TurnAnswered(request.turnId(), finished.answer().text(), AnswerSource.LLM,
                finished.answer().usage()));
            return Behaviors.stopped();
          })
          .onMessage(Failed.class, failed -> {
            Throwable cause = unwrap(failed.error());
            String kind = cause instanceof LlmException e ? e.kind().name().toLowerCase(java.util.Locale.ROOT) : "internal";
            ctx.getLog().warn("model {} failed for {} ({}): {}", llm.name(), request.turnId(), kind, cause.getMessage());
            services.metrics().llmFailed(llm.name(), kind);
            return answerOffline(request, session, services, OfflineReason.MODEL_UNAVAILABLE);
          })
          .onMessage(TimedOut.class, timeout -> {
            ctx.getLog().warn("turn {} exceeded {}; answering offline", request.turnId(), settings.turnTimeout());
            services.metrics().llmFailed(llm.name(), "turn_timeout");
            call.cancel();
            return answerOffline(request, session, services, OfflineReason.MODEL_UNAVAILABLE);
          })
          .onSignal(PostStop.class, stop -> {
            call.cancel();
            return Behaviors.same();
          })
          .build();
    });
  }

  private static Behavior<Command> answerOffline(
      Request request, ActorRef<ChatSession.Command> session, TurnServices services, OfflineReason reason) {
    String text = services.offline().reply(request.userText(), reason, request.firstAnswer()).text();
    session.tell(new ChatSession.TurnDelta(request.turnId(), text));
    session.tell(new ChatSession.TurnAnswered(request.turnId(), text, AnswerSource.OFFLINE, Optional.empty()));
    return Behaviors.stopped();
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
    return cause;
  }

  private static double secondsSince(Instant start, TurnServices services) {
    return Duration.between(start, services.clock().instant()).toNanos() / 1e9;
  }
}
