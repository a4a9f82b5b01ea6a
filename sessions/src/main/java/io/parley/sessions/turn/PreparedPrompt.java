package io.parley.sessions.turn;

import io.opentelemetry.api.trace.Span;
import io.parley.core.attachment.AttachmentsForModel;
import io.parley.core.cache.CachePolicy;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.SeqRange;
import io.parley.core.prompt.AssembledPrompt;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A turn's prompt as prepared on the tenant-logic pool ({@link TurnPatterns}), where its texts are
 * redacted with the tenant's patterns: the prompt assembled with the memories recalled and the
 * files read, the range worth summarising next ({@code summarize}), whether a context-free turn
 * may ask the answer cache ({@code mayLookUp}), and the system prompt it was assembled with,
 * before any section ({@code system}: the answer cache's scope names it, so it is rendered once a
 * turn); the turn's model conversation is started with it.
 */
record PreparedPrompt(AssembledPrompt prompt, Optional<SeqRange> summarize, boolean mayLookUp, String system) {
  /**
   * The prompt of {@code request}; with a model, {@code conversation} started with it and the rounds
   * of a turn resumed after a crash replayed, and the cache's check of the question made.
   */
  static PreparedPrompt of(Answering services, TurnRequest request, ModelConversation conversation, TurnCache cache,
      List<MemoryHit> memories, AttachmentsForModel.Given files) {
    String system = services.prompts().systemPrompt(ZonedDateTime.now(services.clock()), request.bot(), request.language());
    AssembledPrompt assembled = services.prompts().assemble(system, request.history(), request.summary(),
        request.facts(), memories, request.language(), request.page(), request.bot(), request.counts(),
        request.placeholders()::redact);
    Optional<SeqRange> range = services.prompts().summaryRange(request.history(), request.summarizedThroughSeq(), assembled);
    AssembledPrompt prompt = TurnAttachments.shown(assembled, files);
    if (services.llm().isEmpty()) return new PreparedPrompt(prompt, range, false, system);
    conversation.startWith(prompt);
    conversation.replay(request.rounds());
    // A turn about files asks no cache, nor one resumed with tool rounds.
    return new PreparedPrompt(prompt, range, request.attachments().isEmpty() && request.rounds().isEmpty()
        && cache.mayLookUp(new CachePolicy.Turn(request.userText(), request.opensConversation(), !memories.isEmpty(),
            !request.facts().isEmpty(), request.page())), system);
  }

  /** This prompt, its size noted on {@code assembling}, the span of its assembly, which ends. */
  PreparedPrompt traced(Span assembling) {
    assembling.setAttribute("parley.prompt.tokens", prompt.tokenCount())
        .setAttribute("parley.prompt.messages", prompt.includedMessages())
        .setAttribute("parley.prompt.omitted_messages", prompt.omittedMessages()).end();
    return this;
  }
}
