package io.parley.sessions.turn;

import io.parley.core.AsyncCause;
import io.parley.core.bot.BotConfig;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmRequest;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * Asks the model for a reply the agent holding a session could send, and answers that agent
 * directly: a child of the session, so it never delays the session's own work, and nothing of it
 * is stored. Personal data goes to the model as placeholders and comes back restored.
 */
public final class ReplySuggester {
  private record Done(String text, Throwable error) {}

  private static final int MAX_TOKENS = 300;
  /** The newest messages are what a reply needs; older ones are in the briefing. */
  static final int RECENT_MESSAGES = 30;

  private ReplySuggester() {}

  /**
   * {@code replyTo} is answered with the suggestion's text as {@code suggestion} makes it a reply;
   * the messages are redacted where {@code patterns} runs the tenant's patterns (the tenant-logic pool).
   */
  public static <T> Behavior<?> create(LlmClient llm, List<ChatMessage> messages, String agentName,
      BotConfig bot, Placeholders placeholders, TurnPatterns patterns, ActorRef<StatusReply<T>> replyTo,
      Function<String, T> suggestion, Answering services) {
    return Behaviors.<Done>setup(ctx -> {
      CompletableFuture<LlmCall> call = patterns.run(() -> new LlmRequest(services.prompts().suggestionRequest(agentName,
          bot, messages.subList(Math.max(0, messages.size() - RECENT_MESSAGES), messages.size()).stream()
              .map(m -> m.withText(placeholders.redact(m.text()))).toList()), MAX_TOKENS,
          services.settings().temperature()).withProviders(bot.modelParameters().providers()))
          .thenApply(request -> llm.stream(request, piece -> { }));
      ctx.pipeToSelf(call.thenCompose(LlmCall::result),
          (answer, error) -> new Done(answer == null ? null : answer.text(), error));
      return Behaviors.receive(Done.class)
          .onMessage(Done.class, done -> {
            if (done.error() != null || done.text() == null || done.text().isBlank()) {
              ctx.getLog().warn("no reply suggestion: {}",
                  done.error() == null ? "empty answer" : AsyncCause.of(done.error()).toString());
              replyTo.tell(StatusReply.error(Refusal.of(ErrorCode.UNAVAILABLE, "the model did not suggest a reply; try again")));
            } else {
              replyTo.tell(StatusReply.success(suggestion.apply(placeholders.restore(done.text().strip()))));
            }
            return Behaviors.stopped();
          })
          .onSignal(PostStop.class, stop -> {
            call.thenAccept(LlmCall::cancel);
            return Behaviors.same();
          })
          .build();
    });
  }
}
