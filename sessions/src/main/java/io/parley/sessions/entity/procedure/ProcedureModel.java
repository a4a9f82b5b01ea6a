package io.parley.sessions.entity.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.parley.core.AsyncCause;
import io.parley.core.bot.BotConfig;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.LanguageChoice;
import io.parley.core.language.LanguageTag;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmRequest;
import io.parley.core.privacy.PatternDeadline;
import io.parley.core.privacy.Placeholders;
import io.parley.core.prompt.AnswerExtractionPrompt;
import io.parley.core.prompt.TranslationPrompt;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Translation;
import io.parley.sessions.entity.InternalCommand.ProcedureModelDone;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.turns.TranscriptPlaceholders;
import io.parley.sessions.procedure.NextStep;
import io.parley.sessions.procedure.StepWording;
import io.parley.sessions.procedure.TenantLogic;
import io.parley.sessions.turn.Answering;
import io.parley.sessions.turn.Translator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * What a session's procedure asks the model for, at most one at a time: the texts of a {@code say}
 * or an {@code ask} translated into the conversation's language, or the value of an ask whose
 * schema code takes none under, extracted from the customer's answer. The call runs outside the
 * session, personal data as placeholders (the tenant's patterns run on the tenant-logic pool, within
 * its time, as a turn's do), and its outcome comes back as a {@link ProcedureModelDone},
 * read on the session's thread; what it spent is counted as a translation's tokens are. A call that
 * fails, or takes longer than {@link #TIMEOUT} (then it is cancelled), comes back as failed: the
 * texts go as written, and an ask has no value. In memory only: after a restart the step, which
 * recorded nothing yet, asks the model again.
 */
public final class ProcedureModel {
  /** The longest the customer waits for the model before the step goes on without it. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final int EXTRACTION_TOKENS = 800;
  private static final LanguageTag ENGLISH = new LanguageTag("en");

  /** The step of {@code runId} the model works for, which must still be where its run is ({@code asked} asks so far). */
  sealed interface Work {
    String runId();

    String label();

    int asked();
  }

  /**
   * A say's or an ask's message waiting for its translation: {@code events} and the message
   * ({@code text}, {@code options}) are persisted with the translated words, or as they are.
   */
  record Saying(String runId, String label, int asked, List<SessionEvent> events, String text, List<ReplyOption> options,
      StepWording wording, LanguageTag from, LanguageTag to) implements Work {
    /**
     * The message to send after {@code outcome}: the company's own text, or the model's translation,
     * the variables' values put back; else as written.
     */
    Saying sent(ProcedureModelOutcome outcome) {
      List<String> words = (outcome instanceof ProcedureModelOutcome.Translated translated ? wording.filled(translated.texts())
          : Optional.<List<String>>empty()).orElseGet(() -> Stream.concat(Stream.of(wording.own().orElse(text)),
              options.stream().map(ReplyOption::label)).toList());
      return new Saying(runId, label, asked, events, words.getFirst(), IntStream.range(0, options.size())
          .mapToObj(i -> new ReplyOption(words.get(i + 1), options.get(i).value())).toList(), wording, from, to);
    }

    /** The translation the message is, when its text is the model's translation of the one {@code written}. */
    Optional<Translation> translation(String written) {
      return text.equals(written) || wording.own().isPresent() ? Optional.empty()
          : Optional.of(new Translation(written, from.tag(), to.tag()));
    }
  }

  /** An ask's value being extracted from the customer's answer. */
  record Extracting(String runId, String label, int asked) implements Work {}

  private record InFlight(long id, Work work, CompletableFuture<LlmCall> call, Cancellable timeout) {
    void cancel() {
      call.thenAccept(LlmCall::cancel);
    }
  }

  private final ActorContext<SessionInput> context;
  private final Answering services;
  private final TranscriptPlaceholders placeholders;
  private final ActorRef<Translator.Spent> spent;
  private final TenantLogic logic;
  private final String tenant;
  private Optional<InFlight> running = Optional.empty();
  private long calls;

  public ProcedureModel(ActorContext<SessionInput> context, Answering services, TranscriptPlaceholders placeholders,
      ActorRef<Translator.Spent> spent, TenantLogic logic, String tenant) {
    this.context = context;
    this.services = services;
    this.placeholders = placeholders;
    this.spent = spent;
    this.logic = logic;
    this.tenant = tenant;
  }

  boolean isRunning() {
    return running.isPresent();
  }

  /**
   * The language a procedure's texts are to be translated into: the conversation's, when it has one
   * and it is not the language the bot's texts are written in (its {@code widget.language}, else English).
   */
  static Optional<LanguageTag> translationInto(Open state, BotConfig config) {
    String written = written(config).primary();
    return state.notes().language().map(ConversationLanguage::tag).filter(tag -> !tag.primary().equals(written));
  }

  /** The language the bot's texts are written in. */
  static LanguageTag written(BotConfig config) {
    return LanguageChoice.tenantLanguage(Optional.of(config)).orElse(ENGLISH);
  }

  /** Asks for {@code saying}'s texts in its language. */
  void translate(Open state, BotConfig config, Saying saying) {
    Placeholders redaction = placeholders.of(state.transcript(), state.botConfig());
    List<String> texts = saying.wording().written();
    start(saying, redaction, () -> Translator.request(texts.stream().map(redaction::redact).toList(), saying.to(), config, services),
        answer -> new ProcedureModelOutcome.Translated(TranslationPrompt.read(answer.text(), texts.size()).stream()
            .map(redaction::restore).toList()));
  }

  /** Asks for the value {@code extract} names in the customer's answer. */
  void extract(Open state, BotConfig config, String runId, int asked, NextStep.Extract extract) {
    Placeholders redaction = placeholders.of(state.transcript(), state.botConfig());
    start(new Extracting(runId, extract.label(), asked), redaction, () -> new LlmRequest(services.prompts().extractionRequest(config,
            extract.schema(), redaction.redact(extract.prompt()), redaction.redact(extract.answer())), EXTRACTION_TOKENS, 0)
            .withProviders(config.modelParameters().providers()).withResponseSchema(AnswerExtractionPrompt.schema(extract.schema())),
        answer -> new ProcedureModelOutcome.Extracted(AnswerExtractionPrompt.read(answer.text()).map(value -> restored(value, redaction))));
  }

  /** The work {@code done} ends, when it is the one under way (a late outcome of work given up is none). */
  Optional<Work> done(ProcedureModelDone done) {
    Optional<InFlight> ended = running.filter(call -> call.id() == done.call());
    ended.ifPresent(call -> {
      call.timeout().cancel();
      if (done.outcome() instanceof ProcedureModelOutcome.Failed) call.cancel();
      running = Optional.empty();
    });
    return ended.map(InFlight::work);
  }

  /** The session stops (passivated, moved, shut down): the model's work under way is of no use any more. */
  public void stopped() {
    running.ifPresent(call -> {
      call.timeout().cancel();
      call.cancel();
    });
    running = Optional.empty();
  }

  /** Asks the model for {@code work}: {@code request} is built (its texts redacted by {@code redaction}) on the pool. */
  private void start(Work work, Placeholders redaction, Supplier<LlmRequest> request,
      Function<LlmAnswer, ProcedureModelOutcome> read) {
    long id = ++calls;
    Cancellable timeout = context.scheduleOnce(TIMEOUT, context.getSelf(),
        new ProcedureModelDone(id, new ProcedureModelOutcome.Failed("no answer within " + TIMEOUT.toSeconds() + " seconds")));
    if (services.llm().isEmpty()) {
      running = Optional.of(new InFlight(id, work, new CompletableFuture<>(), timeout));
      context.getSelf().tell(new ProcedureModelDone(id, new ProcedureModelOutcome.Failed("no model is configured on this node")));
      return;
    }
    CompletableFuture<LlmCall> call = logic.pool().submit(tenant, () -> {
      redaction.within(logic.patternDeadline(pattern -> services.metrics().redactionPatternSkipped(tenant)));
      try {
        return request.get();
      } finally {
        redaction.within(PatternDeadline.none());
      }
    }).thenApply(built -> services.llm().get().stream(built, piece -> { }));
    running = Optional.of(new InFlight(id, work, call, timeout));
    String key = "procedure-" + work.runId() + "-" + id;
    context.pipeToSelf(call.thenCompose(LlmCall::result), (answer, error) -> {
      if (error != null) return new ProcedureModelDone(id, new ProcedureModelOutcome.Failed(AsyncCause.describe(AsyncCause.of(error))));
      answer.usage().ifPresent(usage -> spent.tell(new Translator.Spent(key, usage)));
      try {
        return new ProcedureModelDone(id, read.apply(answer));
      } catch (IllegalArgumentException unusable) {
        return new ProcedureModelDone(id, new ProcedureModelOutcome.Failed(unusable.getMessage()));
      }
    });
  }

  /** {@code value} with the personal data its strings hold as placeholders put back. */
  private static JsonNode restored(JsonNode value, Placeholders redaction) {
    if (value.isTextual()) return TextNode.valueOf(redaction.restore(value.asText()));
    if (value.isObject()) {
      ObjectNode object = ((ObjectNode) value).objectNode();
      value.properties().forEach(field -> object.set(field.getKey(), restored(field.getValue(), redaction)));
      return object;
    }
    if (value.isArray()) {
      ArrayNode array = ((ArrayNode) value).arrayNode();
      value.forEach(item -> array.add(restored(item, redaction)));
      return array;
    }
    return value;
  }
}
