package io.parley.sessions.turn;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.parley.core.AsyncCause;
import io.parley.core.bot.ModelParameters;
import io.parley.core.cache.CachePolicy;
import io.parley.core.cache.CacheScope;
import io.parley.core.cache.Lookup;
import io.parley.core.guard.InjectionDetector;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmException;
import io.parley.core.llm.LlmRequest;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.TokenUsage;
import io.parley.core.llm.ToolCall;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.SeqRange;
import io.parley.core.offline.ArticlePassage;
import io.parley.core.offline.OfflineReason;
import io.parley.core.privacy.StreamingRestorer;
import io.parley.core.prompt.AssembledPrompt;
import io.parley.core.prompt.DataFence;
import io.parley.core.prompt.TokenCounter;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.SessionId;
import io.parley.core.session.TurnWaits;
import io.parley.core.trace.Tracing;
import io.parley.sessions.SessionSettings;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolRegistry;
import io.parley.tools.Validation;
import io.parley.tools.kb.KbSearchTool;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.event.Level;

/**
 * Runs one turn for its parent session: recalls the user's long-term memories, builds
 * the prompt (system prompt, memories, rolling summary, pinned facts, the history that fits the
 * budget), streams the model's answer (each piece goes straight to the session, which fans it
 * out), and reports the whole answer with the next range worth summarising. A context-free turn
 * may be answered from the tenant's answer cache instead, and the model's answer to one is kept
 * there (docs/answer-cache.md). Whatever goes wrong — no model configured, the model failing
 * after its retries, the turn timing out — the session still gets an answer: a similar
 * question's cached answer, or the offline responder's. Stopping the runner cancels the model call.
 *
 * <p>Over 450 lines, as one actor: its phases (recall, cache lookup, model stream, tool rounds,
 * fallbacks) share the turn's span, the tokens it spent, the conversation sent to the model and the
 * turn's timeout, so each phase split into a file of its own would reach into the others' fields.
 * What stands alone has a file: {@link TurnRequest}, {@link TurnPrompts}, {@link TurnCache},
 * {@link ToolCallRunner}, {@link ToolRound}.
 */
public final class TurnRunner {
  public sealed interface Command {}

  /**
   * What a runner tells its session, which hears it behind a message adapter: the runner knows
   * nothing of the session's own commands. A delta goes from the model client's thread straight
   * into the session's mailbox; the adapter adds no hop.
   */
  public sealed interface Report {
    String turnId();

    /** A piece of the answer; {@code waitedNanos}, how long the turn had waited on its model and tools by then. */
    record Delta(String turnId, String text, long waitedNanos) implements Report {}

    /**
     * The answer, and the range its prompt left outside the window that is worth summarising now;
     * {@code traceparent} is the turn's span, which its storing continues; {@code savedTokens}, what
     * a cached answer had cost the model (0 for the others).
     */
    record Answered(String turnId, String text, AnswerSource source, Optional<TokenUsage> usage,
        Optional<SeqRange> summarize, Optional<String> traceparent, int savedTokens) implements Report {}

    /**
     * Stopped before it answered (the customer spoke over it): the tokens its model calls used, as
     * reported for finished calls and estimated for the one cut short, for the budgets.
     */
    record StoppedUnanswered(String turnId, TokenUsage usage) implements Report {}

    /** Tool calls the model asked for, to record before they run; replied to once durable. */
    record CallsRequested(String turnId, List<ToolRound.RequestedCall> calls, ActorRef<Done> replyTo)
        implements Report {}

    /**
     * A tool call's outcome to record; replied to once durable. {@code failedForGood}: the tool ran
     * and failed after its attempts (not a call the model got wrong, refused before running).
     */
    record CallCompleted(String turnId, ToolRound.CompletedCall result, boolean failedForGood, ActorRef<Done> replyTo)
        implements Report {}
  }

  private record Recalled(List<MemoryHit> memories) implements Command {}

  private record Finished(LlmAnswer answer) implements Command {}

  private record Failed(Throwable error) implements Command {}

  private record TimedOut() implements Command {}

  private record CallsRecorded(List<ToolRound.RequestedCall> calls) implements Command {}

  private record CallDone(ToolRound.CompletedCall result) implements Command {}

  private record ResultRecorded(ToolRound.CompletedCall result) implements Command {}

  private record RecordFailed(Throwable error) implements Command {}

  private record CacheLooked(Lookup lookup) implements Command {}

  private record ArticleLooked(Optional<ArticlePassage> passage) implements Command {}

  /** Long-term memories sent with a turn at most. */
  private static final int RECALL_LIMIT = 6;
  /** Rounds of tool calls a turn may make; then the model must answer in text. */
  static final int MAX_TOOL_ROUNDS = 4;
  private static final Duration DEGRADED_LOOKUP_LIMIT = Duration.ofSeconds(2);

  public static Behavior<Command> create(TurnRequest request, ActorRef<Report> session, Answering services) {
    SessionId id = request.sessionId();
    return Behaviors.withMdc(Command.class,
        Map.of("tenant", id.tenant(), "sessionId", id.wireId(), "turnId", request.turnId()),
        Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
            new TurnRunner(ctx, timers, request, session, services).start())));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final TurnRequest request;
  private final ActorRef<Report> session;
  private final Answering services;
  // The tools of the tenant's pinned configuration: the node's it enables and its own; the only ones offered to or run for the model.
  private final ToolRegistry tools;
  private final Instant started;
  private final TurnCache cache;
  // The turn's span (docs/tracing.md): recall, the cache, each model call and each tool call are its children.
  private final Span span;
  private boolean spanEnded;
  // What the answer cache said before the model was asked; a miss is what storing the answer needs.
  private Lookup cached = new Lookup.Off();
  private Optional<CacheScope> cacheScope = Optional.empty();
  private final List<String> toolsCalled = new ArrayList<>();
  private final Map<String, Span> toolSpans = new HashMap<>();
  // What the turn's model calls used so far, as their servers reported it: the budgets count every round.
  private Optional<TokenUsage> spent = Optional.empty();
  private Optional<SeqRange> summarize = Optional.empty();
  // The model conversation of this turn: the assembled prompt, then each tool round's calls and results.
  private final List<PromptMessage> conversation = new ArrayList<>();
  private int toolRounds;
  // Time spent on the model and the tools, told with each piece of the answer (a voice call's latency split).
  private final TurnWaits waits = TurnWaits.onSystemClock();
  private int callsRunning;

  private TurnRunner(ActorContext<Command> ctx, TimerScheduler<Command> timers, TurnRequest request,
      ActorRef<Report> session, Answering services) {
    this.ctx = ctx;
    this.timers = timers;
    this.request = request;
    this.session = session;
    this.services = services;
    this.tools = services.tools().forTurn(request.sessionId().tenant(), request.bot());
    this.started = services.clock().instant();
    this.cache = new TurnCache(services.answerCache(), services.metrics(),
        ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()), services.clock(), request.sessionId().tenant(),
        request.bot());
    this.span = services.tracing().start("turn", SpanKind.INTERNAL, request.traceparent())
        .setAttribute("parley.tenant", request.sessionId().tenant())
        .setAttribute("parley.session_id", request.sessionId().wireId())
        .setAttribute("parley.turn_id", request.turnId());
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
      Span recall = services.tracing().child("memory.recall", span);
      ctx.pipeToSelf(
          CompletableFuture.supplyAsync(() -> services.memory().recall(tenant, userId, request.userText(), RECALL_LIMIT),
              ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking())),
          (hits, error) -> {
            // A turn without memories beats no turn: memory is a help, not a dependency.
            if (error != null) ctx.getLog().warn("long-term memory recall failed: {}", error.toString());
            ended(recall.setAttribute("parley.memories", error == null ? hits.size() : 0), error);
            return new Recalled(error == null ? hits : List.of());
          });
    }
    return Behaviors.receive(Command.class)
        .onMessage(Recalled.class, recalled -> prepare(services.llm().get(), recalled.memories()))
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.empty()))
        .build();
  }

  private AssembledPrompt assemble(List<MemoryHit> memories) {
    AssembledPrompt prompt = services.prompts().assemble(request.history(), LocalDate.now(services.clock()),
        request.summary(), request.facts(), memories, request.page(), request.bot(), request.counts(),
        request.placeholders()::redact);
    summarize = services.prompts().summaryRange(request.history(), request.summarizedThroughSeq(), prompt);
    return prompt;
  }

  /**
   * Assembles the prompt; a context-free turn (docs/answer-cache.md) first asks the answer cache,
   * and a hit answers without the model. A turn resumed after a crash with tool rounds goes on
   * with the model.
   */
  private Behavior<Command> prepare(LlmClient llm, List<MemoryHit> memories) {
    Span assembling = services.tracing().child("prompt.assemble", span);
    AssembledPrompt prompt = assemble(memories);
    assembling.setAttribute("parley.prompt.tokens", prompt.tokenCount())
        .setAttribute("parley.prompt.messages", prompt.includedMessages())
        .setAttribute("parley.prompt.omitted_messages", prompt.omittedMessages()).end();
    cacheScope = Optional.of(TurnCache.scope(request,
        services.prompts().systemPrompt(LocalDate.now(services.clock()), request.bot()), llm.name(), tools.specs()));
    if (!request.rounds().isEmpty() || !cache.mayLookUp(new CachePolicy.Turn(request.userText(),
        request.opensConversation(), !memories.isEmpty(), !request.facts().isEmpty(), request.page()))) {
      return stream(llm, prompt);
    }
    lookUpCache(false);
    return Behaviors.receive(Command.class)
        .onMessage(CacheLooked.class, looked -> {
          if (looked.lookup() instanceof Lookup.Hit hit) return answerFromCache(hit, false);
          cached = looked.lookup();
          return stream(llm, prompt);
        })
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.empty()))
        .build();
  }

  private void lookUpCache(boolean degraded) {
    Span lookupSpan = services.tracing().child("answer_cache.lookup", span).setAttribute("parley.cache.degraded", degraded);
    ctx.pipeToSelf(cache.find(cacheScope.orElseThrow(), request.userText(), degraded), (lookup, error) -> {
      Lookup found = error == null ? lookup : new Lookup.Off();
      lookupSpan.setAttribute("parley.cache.result", found instanceof Lookup.Hit hit ? (hit.exact() ? "exact" : "similar")
          : found instanceof Lookup.Miss ? "miss" : "off").end();
      return new CacheLooked(found);
    });
  }

  /**
   * Builds the model conversation, replaying tool rounds a crash interrupted, and asks the model.
   * What goes to the model has its personal data replaced by placeholders (docs/security.md);
   * what comes back is restored before anyone else sees it.
   */
  private Behavior<Command> stream(LlmClient llm, AssembledPrompt prompt) {
    // The prompt's messages are already as the model may see them: assembled with their placeholders.
    conversation.addAll(prompt.messages());
    for (ToolRound round : request.rounds()) {
      toolRounds++;
      addToModelConversation(PromptMessage.assistantToolCalls(round.calls().stream()
          .map(c -> new ToolCall(c.id(), c.name(), c.argumentsJson())).toList()));
      if (!round.complete()) return runCalls(llm, round);
      round.calls().forEach(call -> addToolResult(call.id(), call.name(), round.resultOf(call.id()).orElseThrow().content()));
    }
    return askModel(llm);
  }

  /**
   * A tool's result (a knowledge-base search's passages, an order's status, a remote tool's answer)
   * goes to the model fenced as data. One that reads like instructions to the model is counted and
   * logged; a tenant that refuses them has it left out, and the model told why.
   */
  private void addToolResult(String callId, String tool, String content) {
    // A name the model made up is not repeated: it is the model's text, not ours.
    String source = tools.find(tool).isPresent() ? tool : "unknown";
    Optional<InjectionDetector.Flag> flag = InjectionDetector.inspect(content);
    String data = content;
    if (flag.isPresent()) {
      boolean refuse = request.bot().refusesInjections();
      services.metrics().injectionFlagged(request.sessionId().tenant(), "tool_result", refuse);
      ctx.getLog().info("result of tool {} reads like instructions to the model (rule {}){}", source,
          flag.get().rule(), refuse ? "; left out of the prompt" : "");
      if (refuse) data = "(this result was left out: it contained text addressed to the assistant)";
    }
    addToModelConversation(PromptMessage.toolResult(callId, DataFence.fence(source, data)));
  }

  private void addToModelConversation(PromptMessage message) {
    conversation.add(request.placeholders().redact(message));
  }

  private Behavior<Command> askModel(LlmClient llm) {
    SessionSettings settings = services.settings();
    boolean toolsAllowed = toolRounds < MAX_TOOL_ROUNDS && !tools.specs().isEmpty();
    Span modelSpan = services.tracing().child("llm.call", span).setAttribute("parley.llm.name", llm.name());
    ModelParameters model = request.bot().modelParameters();
    LlmRequest llmRequest = new LlmRequest(conversation, model.maxTokens(settings.answerMaxTokens()),
        model.temperature(settings.temperature())).withProviders(model.providers())
        .withTraceparent(Tracing.traceparent(modelSpan));
    if (toolsAllowed) llmRequest = llmRequest.withTools(tools.specs());
    AtomicBoolean firstDelta = new AtomicBoolean(true);
    // Counted as it streams, on the client's thread: what a call cut short had written when it stopped.
    AtomicInteger streamedTokens = new AtomicInteger();
    TokenCounter counter = services.prompts().counter();
    // Deltas go straight to the session from the client's thread: ActorRef.tell is thread-safe, and
    // they are enqueued before the call completes, so they always precede the final answer.
    StreamingRestorer restorer = new StreamingRestorer(request.placeholders(),
        text -> session.tell(new Report.Delta(request.turnId(), text, waits.nanos())));
    waits.begin();
    LlmCall call = llm.stream(llmRequest, text -> {
      if (firstDelta.compareAndSet(true, false)) services.metrics().firstToken(secondsSince(started));
      streamedTokens.addAndGet(counter.count(text));
      restorer.accept(text);
    });
    ctx.pipeToSelf(call.result(), (answer, error) -> {
      waits.end();
      if (answer != null) {
        modelSpan.setAttribute("parley.llm.tool_calls", answer.toolCalls().size());
        answer.usage().ifPresent(usage -> modelSpan.setAttribute("gen_ai.usage.input_tokens", usage.promptTokens())
            .setAttribute("gen_ai.usage.output_tokens", usage.completionTokens()));
      }
      ended(modelSpan, error);
      return error == null ? new Finished(answer) : new Failed(error);
    });
    return Behaviors.receive(Command.class)
        .onMessage(Finished.class, finished -> {
          restorer.flush();
          return toolsAllowed && finished.answer().hasToolCalls()
              ? recordCalls(llm, finished.answer())
              : onFinished(llm, finished.answer());
        })
        .onMessage(Failed.class, failed -> {
          Throwable cause = AsyncCause.of(failed.error());
          String kind = cause instanceof LlmException e ? e.kind().name().toLowerCase(Locale.ROOT) : "internal";
          // A shed turn is the node working as configured, once per message under overload: the
          // metric and the gauge tell an operator, a warning per customer message would flood the log.
          boolean shed = cause instanceof LlmException e && e.kind() == LlmException.Kind.OVERLOADED;
          ctx.getLog().atLevel(shed ? Level.DEBUG : Level.WARN)
              .log("model {} failed ({}): {}", llm.name(), kind, cause.getMessage());
          services.metrics().llmFailed(llm.name(), kind);
          return modelUnavailable();
        })
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.of(call)))
        .onSignal(PostStop.class, stop -> {
          call.cancel();
          if (!spanEnded) stoppedUnanswered(Optional.of(new TokenUsage(counter.count(conversation), streamedTokens.get())));
          return Behaviors.same();
        })
        .build();
  }

  /**
   * Stopped by the session (the customer spoke over the answer) before answering: the session
   * still hears what the turn's model calls used, {@code cutShort} being the estimate of the call
   * that was under way.
   */
  private void stoppedUnanswered(Optional<TokenUsage> cutShort) {
    if (spanEnded) return;
    span.setAttribute("parley.turn.stopped", true).end();
    spanEnded = true;
    Optional<TokenUsage> used = cutShort.map(cut -> spent.map(cut::plus).orElse(cut)).or(() -> spent);
    used.ifPresent(usage -> session.tell(new Report.StoppedUnanswered(request.turnId(), usage)));
  }

  /** Stopped while no model call was under way: what the finished calls used is all there is to tell. */
  private Behavior<Command> stoppedBetweenCalls(PostStop stop) {
    stoppedUnanswered(Optional.empty());
    return Behaviors.same();
  }

  /** The model asked for tools: the calls are made durable before any runs. */
  private Behavior<Command> recordCalls(LlmClient llm, LlmAnswer answer) {
    answer.usage().ifPresent(usage -> spent(llm, usage));
    toolRounds++;
    answer.toolCalls().forEach(call -> toolsCalled.add(call.name()));
    // The tools get the real values: the placeholders the model wrote are resolved here, in the process.
    List<ToolRound.RequestedCall> calls = answer.toolCalls().stream()
        .map(c -> new ToolRound.RequestedCall(c.id(), c.name(), request.placeholders().restore(c.argumentsJson()))).toList();
    conversation.add(PromptMessage.assistantToolCalls(answer.text(), answer.toolCalls()));
    ctx.ask(Done.class, session, services.settings().turnTimeout(),
        replyTo -> new Report.CallsRequested(request.turnId(), calls, replyTo),
        (done, error) -> error == null ? new CallsRecorded(calls) : new RecordFailed(error));
    return Behaviors.receive(Command.class)
        .onMessage(CallsRecorded.class, recorded -> runCalls(llm, ToolRound.requested(recorded.calls())))
        .onMessage(RecordFailed.class, this::recordFailed)
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.empty()))
        .onSignal(PostStop.class, this::stoppedBetweenCalls)
        .build();
  }

  /**
   * Runs the calls of {@code round} that have no result yet, in parallel, one child each; each
   * result is made durable as it arrives, and once all are in, the model is asked again.
   */
  private Behavior<Command> runCalls(LlmClient llm, ToolRound round) {
    Map<String, ToolRound.CompletedCall> results = new HashMap<>();
    round.results().forEach(result -> results.put(result.id(), result));
    ActorRef<ToolRound.CompletedCall> done = ctx.messageAdapter(ToolRound.CompletedCall.class, CallDone::new);
    waits.begin();
    for (ToolRound.RequestedCall call : round.calls()) {
      if (!results.containsKey(call.id())) {
        callsRunning++;
        startCall(call, done);
      }
    }
    return awaitResults(llm, round, results);
  }

  /** Starts a call in its own child; a call naming no tool or with invalid arguments fails at once, for the model to fix. */
  private void startCall(ToolRound.RequestedCall call, ActorRef<ToolRound.CompletedCall> done) {
    Validation validation = tools.validate(call.name(), call.argumentsJson());
    if (validation instanceof Validation.Invalid invalid) {
      // A name the model made up is not a label: the metric's series must stay few.
      String tool = tools.find(call.name()).isPresent() ? call.name() : "unknown";
      services.metrics().toolCall(tool, "rejected", 0);
      done.tell(ToolCallRunner.failed(call.id(), call.name(), invalid.message(), false));
      return;
    }
    Validation.Valid valid = (Validation.Valid) validation;
    SessionId id = request.sessionId();
    Span toolSpan = services.tracing().child("tool.call", span).setAttribute("parley.tool", call.name());
    ToolInvocation invocation = new ToolInvocation(id.tenant(), id.wireId(), request.turnId(), call.id(), valid.arguments());
    toolSpans.put(call.id(), toolSpan);
    ctx.spawnAnonymous(ToolCallRunner.create(valid.tool(), invocation, done, services.metrics(), services.tracing(),
        toolSpan));
  }

  private Behavior<Command> awaitResults(LlmClient llm, ToolRound round, Map<String, ToolRound.CompletedCall> results) {
    if (results.size() == round.calls().size()) {
      waits.end();
      round.calls().forEach(call -> addToolResult(call.id(), call.name(), results.get(call.id()).content()));
      return askModel(llm);
    }
    return Behaviors.receive(Command.class)
        .onMessage(CallDone.class, callDone -> {
          ToolRound.CompletedCall result = callDone.result();
          // The last tool's result ends the wait; recording it is the node's own work.
          if (--callsRunning == 0) waits.end();
          // Only a call that passed validation has a span: it ran.
          Optional<Span> ran = Optional.ofNullable(toolSpans.remove(result.id()));
          ran.ifPresent(toolSpan -> toolSpan.setAttribute("parley.tool.ok", result.ok()).end());
          boolean failedForGood = ran.isPresent() && !result.ok();
          ctx.ask(Done.class, session, services.settings().turnTimeout(),
              replyTo -> new Report.CallCompleted(request.turnId(), result, failedForGood, replyTo),
              (ok, error) -> error == null ? new ResultRecorded(result) : new RecordFailed(error));
          return Behaviors.same();
        })
        .onMessage(ResultRecorded.class, recorded -> {
          results.put(recorded.result().id(), recorded.result());
          return awaitResults(llm, round, results);
        })
        .onMessage(RecordFailed.class, this::recordFailed)
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.empty()))
        .onSignal(PostStop.class, this::stoppedBetweenCalls)
        .build();
  }

  /** The session could not record a tool step (its journal is failing): the turn ends with the apology. */
  private Behavior<Command> recordFailed(RecordFailed failed) {
    ctx.getLog().warn("could not record a tool step: {}", failed.error().toString());
    return modelUnavailable();
  }

  private Behavior<Command> onFinished(LlmClient llm, LlmAnswer answer) {
    if (answer.text().isBlank()) {
      ctx.getLog().warn("model {} returned an empty answer", llm.name());
      services.metrics().llmFailed(llm.name(), "empty_answer");
      return modelUnavailable();
    }
    answer.usage().ifPresent(usage -> spent(llm, usage));
    String text = request.placeholders().restore(answer.text());
    answer(text, AnswerSource.LLM, 0);
    cache.keep(cached, text, toolsCalled, spent.map(TokenUsage::totalTokens).orElse(0));
    return Behaviors.stopped();
  }

  private void spent(LlmClient llm, TokenUsage usage) {
    services.metrics().tokensUsed(llm.name(), usage);
    spent = Optional.of(spent.map(usage::plus).orElse(usage));
  }

  private Behavior<Command> timedOut(Optional<LlmCall> call) {
    ctx.getLog().warn("turn exceeded {}; answering offline", services.settings().turnTimeout());
    services.llm().ifPresent(llm -> services.metrics().llmFailed(llm.name(), "turn_timeout"));
    call.ifPresent(LlmCall::cancel);
    return modelUnavailable();
  }

  /**
   * No model answered: the answer to a similar question from the cache, said to be one, or else
   * the offline responder. A turn whose own lookup just missed, or with personal data in its
   * question, goes straight to the offline responder.
   */
  private Behavior<Command> modelUnavailable() {
    if (cacheScope.isEmpty() || cached instanceof Lookup.Miss || !cache.mayLookUpDegraded(request.userText())) {
      return answerOffline(OfflineReason.MODEL_UNAVAILABLE);
    }
    // The turn's time may be spent already: the lookup gets a short time of its own.
    timers.startSingleTimer(new TimedOut(), DEGRADED_LOOKUP_LIMIT);
    lookUpCache(true);
    return Behaviors.receive(Command.class)
        .onMessage(CacheLooked.class, looked -> looked.lookup() instanceof Lookup.Hit hit
            ? answerFromCache(hit, true)
            : answerOffline(OfflineReason.MODEL_UNAVAILABLE))
        .onMessage(TimedOut.class, timeout -> answerOffline(OfflineReason.MODEL_UNAVAILABLE))
        .onSignal(PostStop.class, this::stoppedBetweenCalls)
        .build();
  }

  /** Streams the cached answer as one piece; when no model could answer, it opens with the apology and a notice. */
  private Behavior<Command> answerFromCache(Lookup.Hit hit, boolean degraded) {
    String text = degraded ? services.offline().fromCache(hit.answer()) : hit.answer();
    session.tell(new Report.Delta(request.turnId(), text, waits.nanos()));
    answer(text, AnswerSource.CACHE, hit.tokensSaved());
    return Behaviors.stopped();
  }

  /**
   * The offline responder's answer: from the tenant's help article that answers the question, when
   * its bot may search the knowledge base and one does (looked up within the turn's time, or a
   * short time of its own after a model failed), else from the responder's rules.
   */
  private Behavior<Command> answerOffline(OfflineReason reason) {
    Optional<KbSearchTool> knowledgeBase = tools.find(KbSearchTool.NAME)
        .filter(KbSearchTool.class::isInstance).map(KbSearchTool.class::cast);
    if (knowledgeBase.isEmpty()) return answerOffline(reason, Optional.empty());
    String tenant = request.sessionId().tenant();
    String question = request.userText();
    Span lookup = services.tracing().child("kb.offline_lookup", span);
    // With no model configured the turn's own time is still there; a failed model's may be spent.
    if (reason == OfflineReason.MODEL_UNAVAILABLE) timers.startSingleTimer(new TimedOut(), DEGRADED_LOOKUP_LIMIT);
    ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> knowledgeBase.get().passageAnswering(tenant, question),
        ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking())), (found, error) -> {
          // The rules still answer when the knowledge base cannot.
          if (error != null) ctx.getLog().warn("knowledge base lookup for an offline answer failed: {}", error.toString());
          ended(lookup.setAttribute("parley.kb.answered", error == null && found.isPresent()), error);
          return new ArticleLooked(error == null ? found : Optional.empty());
        });
    return Behaviors.receive(Command.class)
        .onMessage(ArticleLooked.class, looked -> answerOffline(reason, looked.passage()))
        .onMessage(TimedOut.class, timeout -> answerOffline(reason, Optional.empty()))
        .onSignal(PostStop.class, this::stoppedBetweenCalls)
        .build();
  }

  private Behavior<Command> answerOffline(OfflineReason reason, Optional<ArticlePassage> article) {
    String text = article.map(passage -> services.offline().fromArticle(passage, reason, request.firstAnswer()))
        .orElseGet(() -> services.offline().reply(request.userText(), reason, request.firstAnswer())).text();
    session.tell(new Report.Delta(request.turnId(), text, waits.nanos()));
    answer(text, AnswerSource.OFFLINE, 0);
    return Behaviors.stopped();
  }

  /**
   * Tells the session the answer, with every token the turn's model calls used (a turn that fell
   * back to the cache or the apology after a tool round still spent that round's), and ends the
   * turn's span with where the answer came from; the session's storing of it continues the trace.
   */
  private void answer(String text, AnswerSource source, int savedTokens) {
    spanEnded = true;
    span.setAttribute("parley.answer.source", source.wireName()).end();
    session.tell(new Report.Answered(request.turnId(), text, source, spent, summarize,
        Tracing.traceparent(span), savedTokens));
  }

  private static void ended(Span span, Throwable error) {
    if (error != null) span.setStatus(StatusCode.ERROR);
    span.end();
  }

  private double secondsSince(Instant start) {
    return Duration.between(start, services.clock().instant()).toNanos() / 1e9;
  }
}
