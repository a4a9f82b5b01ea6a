package io.parley.sessions.turn;

import io.opentelemetry.api.trace.Span;
import io.parley.core.bot.ModelParameters;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmRequest;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.TokenUsage;
import io.parley.core.llm.ToolSpec;
import io.parley.core.privacy.StreamingRestorer;
import io.parley.core.prompt.TokenCounter;
import io.parley.core.session.TurnWaits;
import io.parley.core.trace.Tracing;
import io.parley.sessions.SessionSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The model calls of one turn, each streamed in the turn's trace, where each provider it asks has
 * its {@code chat} span (docs/tracing.md): its request (the
 * conversation so far, the bot's model parameters, the tools when the turn may make another round);
 * each piece of the answer, its placeholders restored, told to the session as it arrives (paced,
 * {@link PacedPieces}); the first
 * token's latency; and the tokens streamed, counted as they come, so that a call cut short is still
 * paid for.
 */
record TurnModelCalls(TurnRequest request, Answering services, ActorRef<TurnReport> session, TurnWaits waits,
    Span turnSpan, Instant started, ActorSystem<Void> system) {
  /** One call under way. */
  record Streaming(LlmCall call, CompletionStage<LlmAnswer> result, StreamingRestorer restorer, PacedPieces pieces,
      AtomicInteger streamedTokens, TokenCounter counter) {
    /** The call answered: what its pieces still hold back goes to the session before the answer. */
    void flush() {
      restorer.flush();
      pieces.flush();
    }

    /** What the call used when stopped now: the conversation it was sent and what it had written. */
    TokenUsage cutShort(List<PromptMessage> sent) {
      return new TokenUsage(counter.count(sent), streamedTokens.get());
    }
  }

  /** Asks {@code llm} to answer {@code messages}, offering {@code tools} (none: an answer in text). */
  Streaming stream(LlmClient llm, List<PromptMessage> messages, List<ToolSpec> tools) {
    SessionSettings settings = services.settings();
    ModelParameters model = request.bot().modelParameters();
    LlmRequest llmRequest = new LlmRequest(messages, model.maxTokens(settings.answerMaxTokens()),
        model.temperature(settings.temperature())).withProviders(model.providers())
        .withTraceparent(Tracing.traceparent(turnSpan));
    if (!tools.isEmpty()) llmRequest = llmRequest.withTools(tools);
    AtomicBoolean firstDelta = new AtomicBoolean(true);
    // Counted as it streams, on the client's thread: what a call cut short had written when it stopped.
    AtomicInteger streamedTokens = new AtomicInteger();
    TokenCounter counter = services.prompts().counter();
    // Deltas go to the session from the client's thread (ActorRef.tell is thread-safe), paced: those
    // held back at the end go with the turn's flush, before it tells the answer.
    // The system's scheduler, not the turn's timers: the pieces come from the client's thread, where
    // the actor's context must not be touched.
    PacedPieces pieces = new PacedPieces(settings.pieceInterval(),
        (delay, task) -> system.scheduler().scheduleOnce(delay, task, system.executionContext()), System::nanoTime,
        text -> session.tell(new TurnReport.Delta(request.turnId(), text, waits.nanos())));
    StreamingRestorer restorer = new StreamingRestorer(request.placeholders(), pieces);
    waits.begin();
    LlmCall call = llm.stream(llmRequest, text -> {
      if (firstDelta.compareAndSet(true, false)) {
        services.metrics().firstToken(Duration.between(started, services.clock().instant()).toNanos() / 1e9);
      }
      streamedTokens.addAndGet(counter.count(text));
      restorer.accept(text);
    });
    CompletionStage<LlmAnswer> result = call.result().whenComplete((answer, error) -> waits.end());
    return new Streaming(call, result, restorer, pieces, streamedTokens, counter);
  }
}
