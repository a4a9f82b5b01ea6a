package io.parley.sessions.turn;

import io.opentelemetry.api.trace.Span;
import io.parley.core.AsyncCause;
import io.parley.core.attachment.AttachmentsForModel;
import io.parley.core.cache.CacheScope;
import io.parley.core.cache.Lookup;
import io.parley.core.gaps.GapReason;
import io.parley.core.gaps.NotKnowing;
import io.parley.core.language.LanguagePack;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmException;
import io.parley.core.llm.TokenUsage;
import io.parley.core.llm.ToolSpec;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.SeqRange;
import io.parley.core.citation.Citation;
import io.parley.core.offline.ArticlePassage;
import io.parley.core.offline.OfflineReason;
import io.parley.core.offline.OfflineReply;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.SessionId;
import io.parley.core.session.TurnWaits;
import io.parley.core.trace.Tracing;
import io.parley.sessions.procedure.TenantLogic;
import io.parley.tools.ToolRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * <p>One actor: its phases share the turn's span, the tokens it spent and its timeout. What stands
 * alone has a file: the model conversation ({@link ModelConversation}), each model call ({@link
 * TurnModelCalls}), the tool calls ({@link TurnToolCalls}, {@link RunningRound}, {@link ToolCallRunner}, {@link ToolRound}),
 * the prompt ({@link PreparedPrompt}, on the tenant-logic pool: {@link TurnPatterns}), {@link TurnCache}, {@link TurnReport}.
 */
public final class TurnRunner {
  public sealed interface Command {}

  private record Recalled(List<MemoryHit> memories, AttachmentsForModel.Given files) implements Command {}
  private record Prepared(PreparedPrompt prompt) implements Command {}
  private record ResultsAdded() implements Command {}
  private record Finished(LlmAnswer answer) implements Command {}
  private record Failed(Throwable error) implements Command {}
  private record TimedOut() implements Command {}
  private record CallsRecorded(List<ToolRound.RequestedCall> calls) implements Command {}
  private record CallEnded(ToolCallRunner.Outcome outcome) implements Command {}
  private record ResultRecorded(ToolRound.CompletedCall result) implements Command {}
  private record RecordFailed(Throwable error) implements Command {}
  private record CacheLooked(Lookup lookup) implements Command {}
  private record ArticleLooked(Optional<ArticlePassage> passage) implements Command {}
  private record ApprovalRecorded() implements Command {}

  /** Rounds of tool calls a turn may make; then the model must answer in text. */
  static final int MAX_TOOL_ROUNDS = 4;
  private static final Duration DEGRADED_LOOKUP_LIMIT = Duration.ofSeconds(2);

  /** The runner of {@code request}'s turn; what runs its tenant's patterns runs on {@code logic}'s pool. */
  public static Behavior<Command> create(TurnRequest request, ActorRef<TurnReport> session, Answering services,
      TenantLogic logic) {
    SessionId id = request.sessionId();
    return Behaviors.withMdc(Command.class,
        Map.of("tenant", id.tenant(), "sessionId", id.wireId(), "turnId", request.turnId()), Behaviors.setup(ctx ->
            Behaviors.withTimers(timers -> new TurnRunner(ctx, timers, request, session, services, logic).start())));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final TurnRequest request;
  private final ActorRef<TurnReport> session;
  private final Answering services;
  // The tools of the tenant's pinned configuration: the node's it enables (a phone call's and a placed call's only there) and its own; the only ones offered to or run for the model.
  private final ToolRegistry tools;
  private final TurnCache cache;
  // The turn's invoke_agent span (docs/tracing.md): recall, the cache, each model call and each tool call are its children.
  private final Span span;
  private boolean spanEnded;
  // What the answer cache said before the model was asked; a miss is what storing the answer needs.
  private Lookup cached = new Lookup.Off();
  private Optional<CacheScope> cacheScope = Optional.empty();
  private final TurnToolCalls toolCalls;
  private final SuggestedReplies suggested;
  private final TurnModelCalls modelCalls;
  // What the turn's model calls used so far, as their servers reported it: the budgets count every round.
  private Optional<TokenUsage> spent = Optional.empty();
  private Optional<SeqRange> summarize = Optional.empty();
  private final ModelConversation conversation;
  private final TurnPatterns patterns;
  // Time spent on the model and the tools, told with each piece of the answer (a voice call's latency split).
  private final TurnWaits waits = TurnWaits.onSystemClock();

  private TurnRunner(ActorContext<Command> ctx, TimerScheduler<Command> timers, TurnRequest request,
      ActorRef<TurnReport> session, Answering services, TenantLogic logic) {
    this.ctx = ctx;
    this.timers = timers;
    this.request = request;
    this.session = session;
    this.services = services;
    this.tools = request.offered(services.tools().forTurn(request.sessionId().tenant(), request.bot()));
    this.conversation = new ModelConversation(request, tools, services.metrics());
    this.cache = new TurnCache(services.answerCache(), services.metrics(),
        ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()), services.clock(), request.sessionId().tenant(),
        request.bot());
    this.span = AgentSpan.start(services.tracing(), request, services.llm());
    this.toolCalls = new TurnToolCalls(tools, request, services, span);
    this.suggested = new SuggestedReplies(request.bot().suggestsReplies(), request.placeholders());
    this.modelCalls = new TurnModelCalls(request, services, session, waits, span, services.clock().instant(), ctx.getSystem());
    this.patterns = TurnPatterns.of(logic, request, services.metrics());
  }

  /** Recalls memories and reads files, then has the prompt assembled on the pool (offline, for the summary's window). */
  private Behavior<Command> start() {
    timers.startSingleTimer(new TimedOut(), services.settings().turnTimeout());
    CompletionStage<Recalled> recalled = services.llm().isEmpty()
        ? CompletableFuture.completedFuture(new Recalled(List.of(), TurnAttachments.NONE))
        : MemoryRecall.of(ctx, services, request, span).thenCombine(TurnAttachments.read(services, request,
            ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking())), Recalled::new);
    ctx.pipeToSelf(recalled.thenCompose(done -> {
      Span assembling = services.tracing().child("prompt.assemble", span);
      return patterns.run(() -> PreparedPrompt.of(services, request, conversation, cache, done.memories(), done.files())
          .traced(assembling));
    }), (prepared, error) -> error == null ? new Prepared(prepared) : new Failed(error));
    return Behaviors.receive(Command.class)
        .onMessage(Prepared.class, prepared -> prepare(prepared.prompt()))
        .onMessage(Failed.class, failed -> {
          ctx.getLog().warn("the turn's prompt could not be prepared: {}", AsyncCause.of(failed.error()).toString());
          return answerOffline(OfflineReason.MODEL_UNAVAILABLE);
        })
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.empty()))
        .build();
  }

  /**
   * A context-free turn (docs/answer-cache.md) first asks the answer cache, and a hit answers without
   * the model. A turn about files asks no cache, not even degraded; a resumed one goes on with the model.
   */
  private Behavior<Command> prepare(PreparedPrompt prepared) {
    summarize = prepared.summarize();
    if (services.llm().isEmpty()) return answerOffline(OfflineReason.NOT_CONFIGURED);
    LlmClient llm = services.llm().get();
    if (!request.attachments().isEmpty()) return stream(llm);
    cacheScope = Optional.of(TurnCache.scope(request, prepared.system(), llm.name(), tools.specs()));
    if (!prepared.mayLookUp()) return stream(llm);
    lookUpCache(false);
    return Behaviors.receive(Command.class)
        .onMessage(CacheLooked.class, looked -> {
          if (looked.lookup() instanceof Lookup.Hit hit) return answerFromCache(hit, false);
          cached = looked.lookup();
          return stream(llm);
        })
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.empty()))
        .build();
  }

  /** Asks the cache; a degraded lookup first has the question checked for personal data on the pool. */
  private void lookUpCache(boolean degraded) {
    Span lookupSpan = services.tracing().child("answer_cache.lookup", span).setAttribute("parley.cache.degraded", degraded);
    CompletionStage<Lookup> looking = degraded ? patterns.run(() -> cache.mayLookUpDegraded(request.userText())).thenCompose(may ->
        may ? cache.find(cacheScope.orElseThrow(), request.userText(), true) : CompletableFuture.completedFuture(new Lookup.Off()))
        : cache.find(cacheScope.orElseThrow(), request.userText(), false);
    ctx.pipeToSelf(looking, (lookup, error) -> {
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
  private Behavior<Command> stream(LlmClient llm) {
    return request.rounds().stream().filter(round -> !round.complete()).findFirst()
        .map(round -> runCalls(llm, round)).orElseGet(() -> askModel(llm));
  }

  private Behavior<Command> askModel(LlmClient llm) {
    List<ToolSpec> specs = suggested.offer(io.parley.sessions.procedure.ProcedureStart.offered(tools.specs(), request.bot().procedures()));
    boolean toolsAllowed = conversation.toolRounds() < MAX_TOOL_ROUNDS && !specs.isEmpty();
    TurnModelCalls.Streaming call = modelCalls.stream(llm, conversation.messages(), toolsAllowed ? specs : List.of());
    ctx.pipeToSelf(call.result(), (answer, error) -> error == null ? new Finished(answer) : new Failed(error));
    return Behaviors.receive(Command.class)
        .onMessage(Finished.class, finished -> {
          call.flush();
          if (toolsAllowed && suggested.onlySuggested(finished.answer())) return suggestedFirst(llm, finished.answer());
          LlmAnswer answer = suggested.take(finished.answer());
          return toolsAllowed && answer.hasToolCalls() ? recordCalls(llm, answer) : onFinished(llm, answer);
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
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.of(call.call())))
        .onSignal(PostStop.class, stop -> {
          call.call().cancel();
          call.pieces().close();
          if (!spanEnded) stoppedUnanswered(Optional.of(call.cutShort(conversation.messages())));
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
    used.ifPresent(usage -> session.tell(new TurnReport.StoppedUnanswered(request.turnId(), usage)));
  }

  /** Stopped while no model call was under way: what the finished calls used is all there is to tell. */
  private Behavior<Command> stoppedBetweenCalls(PostStop stop) {
    stoppedUnanswered(Optional.empty());
    return Behaviors.same();
  }

  /** Replies offered before the answer: the model reads they are shown and is asked again; no tool call is recorded. */
  private Behavior<Command> suggestedFirst(LlmClient llm, LlmAnswer answer) {
    answer.usage().ifPresent(usage -> spent(llm, usage));
    conversation.addCalls(answer);
    answer.toolCalls().forEach(call -> conversation.addToolResult(call.id(), call.name(), suggested.resultOf(call)));
    suggested.take(answer);
    return askModel(llm);
  }

  /** The model asked for tools: the calls are made durable before any runs. */
  private Behavior<Command> recordCalls(LlmClient llm, LlmAnswer answer) {
    answer.usage().ifPresent(usage -> spent(llm, usage));
    toolCalls.requested(answer);
    // The tools get the real values: the placeholders the model wrote are resolved here, in the process.
    List<ToolRound.RequestedCall> calls = answer.toolCalls().stream()
        .map(c -> new ToolRound.RequestedCall(c.id(), c.name(), request.placeholders().restore(c.argumentsJson()))).toList();
    conversation.addCalls(answer);
    ctx.ask(Done.class, session, services.settings().turnTimeout(),
        replyTo -> new TurnReport.CallsRequested(request.turnId(), calls, replyTo),
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
   * result is made durable as it arrives, and once all are in, the model is asked again. A call
   * that needs an approval, or whose server asked for a confirmation, runs only once approved: the approval is
   * asked for (made durable), and when only calls waiting for approvals are left, the runner stops and the
   * session starts the turn again once they are decided (docs/tools.md#approvals).
   */
  private Behavior<Command> runCalls(LlmClient llm, ToolRound round) {
    RunningRound running = new RunningRound(round);
    waits.begin();
    running.start(toolCalls, ctx, ctx.messageAdapter(ToolCallRunner.Outcome.class, CallEnded::new), this::askApproval);
    return awaitResults(llm, running);
  }

  private void askApproval(ToolRound.Approval approval) {
    ctx.ask(Done.class, session, services.settings().turnTimeout(),
        replyTo -> new TurnReport.ApprovalNeeded(request.turnId(), approval, replyTo),
        (ok, error) -> error == null ? new ApprovalRecorded() : new RecordFailed(error));
  }

  private Behavior<Command> awaitResults(LlmClient llm, RunningRound round) {
    if (round.over()) {
      waits.end();
      if (round.awaitsApprovals()) return awaitApproval();
      // The results are redacted on the pool; nothing else comes for this round.
      ctx.pipeToSelf(patterns.run(() -> round.addResultsTo(conversation)),
          (added, error) -> error == null ? new ResultsAdded() : new RecordFailed(error));
    }
    return Behaviors.receive(Command.class)
        .onMessage(ResultsAdded.class, added -> askModel(llm))
        .onMessage(CallEnded.class, ended -> {
          // The last tool's result ends the wait; recording it is the node's own work.
          if (round.callDone()) waits.end();
          if (round.confirmationNeeded(toolCalls, ended.outcome(), this::askApproval)) return awaitResults(llm, round);
          ToolRound.CompletedCall result = ((ToolCallRunner.Outcome.Completed) ended.outcome()).result();
          boolean failedForGood = toolCalls.completed(result);
          ctx.ask(Done.class, session, services.settings().turnTimeout(),
              replyTo -> new TurnReport.CallCompleted(request.turnId(), result, failedForGood, replyTo),
              (ok, error) -> error == null ? new ResultRecorded(result) : new RecordFailed(error));
          return Behaviors.same();
        })
        .onMessage(ResultRecorded.class, recorded -> {
          round.recorded(recorded.result());
          return awaitResults(llm, round);
        })
        .onMessage(ApprovalRecorded.class, recorded -> {
          round.approvalRecorded();
          return awaitResults(llm, round);
        })
        .onMessage(RecordFailed.class, this::recordFailed)
        .onMessage(TimedOut.class, timeout -> timedOut(Optional.empty()))
        .onSignal(PostStop.class, this::stoppedBetweenCalls)
        .build();
  }

  /**
   * Only calls waiting for their approvals are left: the session hears what the turn's model calls
   * used so far (the answer that would carry it comes in another run) and that the turn waits.
   */
  private Behavior<Command> awaitApproval() {
    spanEnded = true;
    span.setAttribute("parley.turn.awaiting_approval", true).end();
    spent.ifPresent(usage -> session.tell(new TurnReport.StoppedUnanswered(request.turnId(), usage)));
    session.tell(new TurnReport.AwaitingApproval(request.turnId()));
    return Behaviors.stopped();
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
    var cited = toolCalls.cite(request.placeholders().restore(answer.text()));
    answer(cited.text(), AnswerSource.LLM, 0, toolCalls.searchedInVain() ? Optional.of(GapReason.NO_ARTICLE)
        : NotKnowing.says(cited.text(), LanguagePack.of(request.language())) ? Optional.of(GapReason.DID_NOT_KNOW) : Optional.empty(),
        cited.citations());
    cache.keep(cached, cited.text(), toolCalls.called(), spent.map(TokenUsage::totalTokens).orElse(0), patterns);
    return Behaviors.stopped();
  }

  private void spent(LlmClient llm, TokenUsage usage) {
    services.metrics().tokensUsed(llm.name(), usage);
    spent = Optional.of(spent.map(usage::plus).orElse(usage));
  }

  private Behavior<Command> timedOut(Optional<LlmCall> call) {
    ctx.getLog().warn("turn exceeded {}; answering offline", io.parley.core.time.ReadableDuration.of(services.settings().turnTimeout()));
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
    if (cacheScope.isEmpty() || cached instanceof Lookup.Miss || !request.bot().answerCacheOn()) {
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
    String text = degraded ? services.offline().fromCache(hit.answer(), request.wording()) : hit.answer();
    session.tell(new TurnReport.Delta(request.turnId(), text, waits.nanos()));
    answer(text, AnswerSource.CACHE, hit.tokensSaved(), Optional.empty(), List.of());
    return Behaviors.stopped();
  }

  /**
   * The offline responder's answer: from the tenant's help article that answers the question, when
   * its bot may search the knowledge base and one does ({@link OfflineArticle}, looked up within the
   * turn's time, or a short time of its own after a model failed), else from the responder's rules.
   */
  private Behavior<Command> answerOffline(OfflineReason reason) {
    // With no model configured the turn's own time is still there; a failed model's may be spent.
    if (reason == OfflineReason.MODEL_UNAVAILABLE) timers.startSingleTimer(new TimedOut(), DEGRADED_LOOKUP_LIMIT);
    ctx.pipeToSelf(OfflineArticle.of(ctx, services, tools, request, span),
        (found, error) -> new ArticleLooked(error == null ? found : Optional.empty()));
    return Behaviors.receive(Command.class)
        .onMessage(ArticleLooked.class, looked -> answerOffline(reason, looked.passage()))
        .onMessage(TimedOut.class, timeout -> answerOffline(reason, Optional.empty()))
        .onSignal(PostStop.class, this::stoppedBetweenCalls)
        .build();
  }

  private Behavior<Command> answerOffline(OfflineReason reason, Optional<ArticlePassage> article) {
    OfflineReply reply = article.map(passage -> services.offline().fromArticle(passage, reason, request.firstAnswer(), request.wording()))
        .orElseGet(() -> services.offline().reply(request.userText(), reason, request.firstAnswer(), request.wording(),
            request.teamHours(services.clock().instant())));
    session.tell(new TurnReport.Delta(request.turnId(), reply.text(), waits.nanos()));
    answer(reply.text(), AnswerSource.OFFLINE, 0, reply.answered() ? Optional.empty() : Optional.of(GapReason.CANNOT_ANSWER),
        article.map(ArticlePassage::citation).stream().toList());
    return Behaviors.stopped();
  }

  /**
   * Tells the session the answer and the articles it cites, with every token the turn's model calls used (a turn that
   * fell back to the cache or the apology after a tool round still spent that round's), and ends the turn's span.
   */
  private void answer(String text, AnswerSource source, int savedTokens, Optional<GapReason> unanswered, List<Citation> citations) {
    spanEnded = true;
    span.setAttribute("parley.answer.source", source.wireName()).setAttribute("parley.answer.citations", citations.size()).end();
    session.tell(new TurnReport.Answered(request.turnId(), text, source, spent, summarize,
        Tracing.traceparent(span), savedTokens, unanswered, source == AnswerSource.LLM ? suggested.options() : List.of(), citations));
  }
}
