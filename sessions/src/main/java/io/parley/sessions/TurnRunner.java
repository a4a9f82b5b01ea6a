package io.parley.sessions;

import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmException;
import io.parley.core.llm.LlmRequest;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.PinnedFacts;
import io.parley.core.memory.SeqRange;
import io.parley.core.offline.OfflineReason;
import io.parley.core.prompt.AssembledPrompt;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one turn for its parent {@link ChatSession}: recalls the user's long-term memories, builds
 * the prompt (system prompt, memories, rolling summary, pinned facts, the history that fits the
 * budget), streams the model's answer (each piece goes straight to the session, which fans it
 * out), and reports the whole answer with the next range worth summarising. Whatever goes wrong
 * — no model configured, the model failing after its retries, the turn timing out — the session
 * still gets an answer, from the offline responder. Stopping the runner cancels the model call.
 */
final class TurnRunner {
  sealed interface Command {}

  private record Recalled(List<MemoryHit> memories) implements Command {}

  private record Finished(LlmAnswer answer) implements Command {}

  private record Failed(Throwable error) implements Command {}

  private record TimedOut() implements Command {}

  /**
   * The turn to run. {@code history} is the conversation in turn order, ending with the message
   * to answer, without what the summary covers ({@code summarizedThroughSeq}).
   */
  record Request(
      SessionId sessionId,
      String turnId,
      List<ChatMessage> history,
      Optional<String> userId,
      Optional<String> summary,
      long summarizedThroughSeq,
      PinnedFacts facts,
      boolean firstAnswer) {
    /** The turn answering {@code question}: its conversation in turn order, less what the summary covers. */
    static Request of(SessionId sessionId, SessionState.Open open, ChatMessage question) {
      ConversationNotes notes = open.notes();
      List<ChatMessage> conversation = open.transcript().conversationUpTo(question);
      long summarized = notes.summarizedThroughSeq();
      return new Request(sessionId, question.turnId(),
          conversation.stream().filter(m -> m.seq() > summarized).toList(), open.userId(), notes.summaryText(),
          summarized, notes.pinnedFacts(), conversation.stream().noneMatch(m -> m.role() == Role.ASSISTANT));
    }

    String userText() {
      return history.isEmpty() ? "" : history.get(history.size() - 1).text();
    }
  }

  /** Long-term memories sent with a turn at most. */
  private static final int RECALL_LIMIT = 6;

  static Behavior<Command> create(Request request, ActorRef<ChatSession.Command> session, TurnServices services) {
    SessionId id = request.sessionId();
    return Behaviors.withMdc(Command.class,
        Map.of("tenant", id.tenant(), "sessionId", id.wireId(), "turnId", request.turnId()),
        Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
            new TurnRunner(ctx, timers, request, session, services).start())));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Request request;
  private final ActorRef<ChatSession.Command> session;
  private final TurnServices services;
  private final Instant started;
  private Optional<SeqRange> summarize = Optional.empty();

  private TurnRunner(ActorContext<Command> ctx, TimerScheduler<Command> timers, Request request,
      ActorRef<ChatSession.Command> session, TurnServices services) {
    this.ctx = ctx;
    this.timers = timers;
    this.request = request;
    this.session = session;
    this.services = services;
    this.started = services.clock().instant();
  }

  private Behavior<Command> start() {
    timers.startSingleTimer(new TimedOut(), services.settings().turnTimeout());
    if (services.llm().isEmpty()) {
      // Offline answers need no prompt, but the summary still follows the window a model would see.
      assemble(List.of());
      return answerOffline(OfflineReason.NOT_CONFIGURED);
    }
    if (request.userId().isEmpty()) {
      ctx.getSelf().tell(new Recalled(List.of()));
    } else {
      String tenant = request.sessionId().tenant();
      String userId = request.userId().get();
      ctx.pipeToSelf(
          CompletableFuture.supplyAsync(() -> services.memory().recall(tenant, userId, request.userText(), RECALL_LIMIT),
              ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking())),
          (hits, error) -> {
            // A turn without memories beats no turn: memory is a help, not a dependency.
            if (error != null) ctx.getLog().warn("long-term memory recall failed: {}", error.toString());
            return new Recalled(error == null ? hits : List.of());
          });
    }
    return Behaviors.receive(Command.class)
        .onMessage(Recalled.class, recalled -> stream(services.llm().get(), recalled.memories()))
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.empty()))
        .build();
  }

  private AssembledPrompt assemble(List<MemoryHit> memories) {
    AssembledPrompt prompt = services.prompts().assemble(request.history(), LocalDate.now(services.clock()),
        request.summary(), request.facts(), memories);
    summarize = services.prompts().summaryRange(request.history(), request.summarizedThroughSeq(), prompt);
    return prompt;
  }

  private Behavior<Command> stream(LlmClient llm, List<MemoryHit> memories) {
    SessionSettings settings = services.settings();
    LlmRequest llmRequest =
        new LlmRequest(assemble(memories).messages(), settings.answerMaxTokens(), settings.temperature());
    AtomicBoolean firstDelta = new AtomicBoolean(true);
    // Deltas go straight to the session from the client's thread: ActorRef.tell is thread-safe, and
    // they are enqueued before the call completes, so they always precede the final answer.
    LlmCall call = llm.stream(llmRequest, text -> {
      if (firstDelta.compareAndSet(true, false)) services.metrics().firstToken(secondsSince(started));
      session.tell(new ChatSession.TurnDelta(request.turnId(), text));
    });
    ctx.pipeToSelf(call.result(), (answer, error) -> error == null ? new Finished(answer) : new Failed(error));
    return Behaviors.receive(Command.class)
        .onMessage(Finished.class, finished -> onFinished(llm, finished.answer()))
        .onMessage(Failed.class, failed -> {
          Throwable cause = unwrap(failed.error());
          String kind = cause instanceof LlmException e ? e.kind().name().toLowerCase(Locale.ROOT) : "internal";
          ctx.getLog().warn("model {} failed ({}): {}", llm.name(), kind, cause.getMessage());
          services.metrics().llmFailed(llm.name(), kind);
          return answerOffline(OfflineReason.MODEL_UNAVAILABLE);
        })
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.of(call)))
        .onSignal(PostStop.class, stop -> {
          call.cancel();
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> onFinished(LlmClient llm, LlmAnswer answer) {
    if (answer.text().isBlank()) {
      ctx.getLog().warn("model {} returned an empty answer", llm.name());
      services.metrics().llmFailed(llm.name(), "empty_answer");
      return answerOffline(OfflineReason.MODEL_UNAVAILABLE);
    }
    answer.usage().ifPresent(usage -> services.metrics().tokensUsed(llm.name(), usage));
    session.tell(new ChatSession.TurnAnswered(request.turnId(), answer.text(), AnswerSource.LLM, answer.usage(),
        summarize));
    return Behaviors.stopped();
  }

  private Behavior<Command> timedOut(Optional<LlmCall> call) {
    ctx.getLog().warn("turn exceeded {}; answering offline", services.settings().turnTimeout());
    services.llm().ifPresent(llm -> services.metrics().llmFailed(llm.name(), "turn_timeout"));
    call.ifPresent(LlmCall::cancel);
    return answerOffline(OfflineReason.MODEL_UNAVAILABLE);
  }

  private Behavior<Command> answerOffline(OfflineReason reason) {
    String text = services.offline().reply(request.userText(), reason, request.firstAnswer()).text();
    session.tell(new ChatSession.TurnDelta(request.turnId(), text));
    session.tell(new ChatSession.TurnAnswered(request.turnId(), text, AnswerSource.OFFLINE, Optional.empty(),
        summarize));
    return Behaviors.stopped();
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
    return cause;
  }

  private double secondsSince(Instant start) {
    return Duration.between(start, services.clock().instant()).toNanos() / 1e9;
  }
}
