package io.parley.sessions.turn;

import io.parley.core.AsyncCause;
import io.parley.core.bot.BotConfig;
import io.parley.core.language.LanguageTag;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmRequest;
import io.parley.core.llm.TokenUsage;
import io.parley.core.privacy.Placeholders;
import io.parley.core.prompt.TranslationPrompt;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * Asks the model to translate texts of a conversation for its staff, and answers the one who asked
 * directly: a child of the session, like {@link ReplySuggester}, so the session goes on meanwhile.
 * Personal data goes to the model as placeholders and comes back restored. The tokens the model
 * spent, answered or not, are reported to the session as {@link Spent}, for the tenant's budget.
 * An answer that is not one translation for each text is an error: never half a translation.
 */
public final class Translator {
  /** What one translation cost; {@code key} names it once in the tenant's budget. */
  public record Spent(String key, TokenUsage usage) {}

  private record Done(LlmAnswer answer, Throwable error) {}

  private static final double TEMPERATURE = 0;
  /** Room for the texts again, in another language, which may take more tokens than the original. */
  private static final int MIN_TOKENS = 300;

  private Translator() {}

  /** The request translating {@code redacted} texts into {@code language}: at temperature 0, for JSON. */
  public static LlmRequest request(List<String> redacted, LanguageTag language, BotConfig bot, Answering services) {
    int maxTokens = Math.max(MIN_TOKENS, 2 * redacted.stream().mapToInt(String::length).sum() / 3);
    return new LlmRequest(services.prompts().translationRequest(bot, language, redacted), maxTokens, TEMPERATURE)
        .withProviders(bot.modelParameters().providers()).withResponseSchema(TranslationPrompt.SCHEMA);
  }

  /**
   * Translates {@code texts} into {@code language}; {@code replyTo} is answered with the
   * translations, in order, as {@code translated} makes them a reply, or with what {@code failed}
   * makes of why there is none. The texts are redacted where {@code patterns} runs the tenant's
   * patterns (the tenant-logic pool).
   */
  public static <T> Behavior<?> create(LlmClient llm, List<String> texts, LanguageTag language, BotConfig bot,
      Placeholders placeholders, TurnPatterns patterns, ActorRef<StatusReply<T>> replyTo,
      Function<List<String>, T> translated, Function<String, StatusReply<T>> failed, String key, ActorRef<Spent> spent,
      Answering services) {
    return Behaviors.<Done>setup(ctx -> {
      CompletableFuture<LlmCall> call = patterns.run(() -> request(texts.stream().map(placeholders::redact).toList(),
          language, bot, services)).thenApply(request -> llm.stream(request, piece -> { }));
      ctx.pipeToSelf(call.thenCompose(LlmCall::result), Done::new);
      return Behaviors.receive(Done.class)
          .onMessage(Done.class, done -> {
            if (done.error() != null) {
              ctx.getLog().warn("no translation: {}", AsyncCause.describe(AsyncCause.of(done.error())));
              replyTo.tell(failed.apply("the model did not translate"));
              return Behaviors.stopped();
            }
            done.answer().usage().ifPresent(usage -> spent.tell(new Spent(key, usage)));
            try {
              List<String> answered = TranslationPrompt.read(done.answer().text(), texts.size());
              replyTo.tell(StatusReply.success(translated.apply(answered.stream().map(placeholders::restore).toList())));
            } catch (IllegalArgumentException broken) {
              ctx.getLog().warn("no translation: {}", broken.getMessage());
              replyTo.tell(failed.apply("the model's translation was unusable"));
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
