package io.parley.sessions.entity.turns;

import io.parley.core.memory.SeqRange;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionServices;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.turn.Summarizer;
import io.parley.sessions.turn.TurnPatterns;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Runs the rolling summary's updates for one session: one {@link Summarizer} at a time, only for
 * the range that follows what the summary covers, and after a failure not before a backoff (the
 * messages stay in the journal, so waiting loses nothing).
 */
public final class SummaryRuns {
  private final ActorContext<SessionInput> context;
  private final SessionId id;
  private final SessionServices services;
  private final TranscriptPlaceholders numbering;
  private final ActorRef<Summarizer.Report> reports;
  private boolean running;
  private int failures;
  private Instant notBefore = Instant.EPOCH;

  public SummaryRuns(ActorContext<SessionInput> context, SessionId id, SessionServices services,
      TranscriptPlaceholders numbering) {
    this.context = context;
    this.id = id;
    this.services = services;
    this.numbering = numbering;
    this.reports = context.messageAdapter(Summarizer.Report.class, InternalCommand::of);
  }

  void maybeStart(Open open, SeqRange range) {
    ConversationNotes notes = open.notes();
    boolean follows = range.fromSeq() == notes.summarizedThroughSeq() + 1;
    if (running || !follows || services.clock().instant().isBefore(notBefore)) return;
    running = true;
    Placeholders placeholders = numbering.of(open.transcript(), open.botConfig());
    // The tenant's providers only: a provider it left out sees none of its conversations, summaries included.
    List<String> providers = open.botConfig().map(pinned -> pinned.config().modelParameters().providers()).orElse(List.of());
    context.spawnAnonymous(Summarizer.create(range, notes.summaryText(), range.select(open.transcript().messages()),
        placeholders, new TurnPatterns(services.logic(), id, "summary", placeholders, services.metrics()),
        providers, reports, services.answering().llm(), services.answering().prompts()));
  }

  public boolean running() {
    return running;
  }

  public void succeeded() {
    running = false;
    failures = 0;
  }

  /** Records a failure; returns how long until the next attempt may start. */
  public Duration failed() {
    running = false;
    failures++;
    Duration backoff = services.settings().retryBackoff()
        .delayBeforeRetry(failures, ThreadLocalRandom.current()::nextDouble);
    notBefore = services.clock().instant().plus(backoff);
    return backoff;
  }
}
