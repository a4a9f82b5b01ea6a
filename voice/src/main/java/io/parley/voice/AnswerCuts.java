package io.parley.voice;

import io.parley.sessions.entity.SessionCommand;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Keeps the session's record of the bot's answers to what the caller heard. When the caller speaks
 * over an answer (a barge-in), the model stops at once ({@code HoldAnswer}), the edge reports how far
 * it played, and the session is told what was heard ({@code InterruptAnswer}); the caller's next
 * utterance is posted only after that, so the next turn never starts from an answer the caller did
 * not hear. Answers an interjection or the call's end leaves unfinished are cut the same way, and
 * how long each answer played is recorded ({@code RecordPlayed}). Not thread-safe: one call's actor.
 */
final class AnswerCuts {
  /** What cutting needs of the call's actor. */
  interface Call {
    /** Asks the session to keep only {@code heard} of the answer of {@code turnId}; the reply comes to {@link #interruptDone}. */
    void interrupt(String turnId, String heard);

    /** Starts waiting for the edge to say how far it played {@code turnId}: {@link #cutDue} when it did not in time. */
    void awaitPlayed(String turnId);

    void stopAwaitingPlayed(String turnId);
  }

  private final RecipientRef<SessionCommand> session;
  private final ActorSystem<?> system;
  private final ActorRef<VoiceOutput> output;
  private final VoiceMetrics metrics;
  private final String tenant;
  private final Call call;
  private final Function<Level, LoggingEventBuilder> log;
  private final Map<String, Long> playedMillis = new HashMap<>();
  // A barge-in waiting for the edge's playback position, then for the session to store what was heard.
  private Optional<SpokenAnswer> cutting = Optional.empty();
  private boolean interrupting;
  private final Deque<Runnable> postsWaiting = new ArrayDeque<>();

  AnswerCuts(RecipientRef<SessionCommand> session, ActorSystem<?> system, ActorRef<VoiceOutput> output,
      VoiceMetrics metrics, String tenant, Call call, Function<Level, LoggingEventBuilder> log) {
    this.session = session;
    this.system = system;
    this.output = output;
    this.metrics = metrics;
    this.tenant = tenant;
    this.call = call;
    this.log = log;
  }

  /** Whether the session stores what is spoken of {@code turnId} (an answer, the greeting), so cuts it to what was heard. */
  static boolean isBotTurn(String turnId) {
    return turnId.startsWith("turn-") || turnId.equals(SessionCommand.PostGreeting.GREETING);
  }

  /** Whether a barge-in's answer is being cut. */
  boolean cutting() {
    return cutting.isPresent();
  }

  /** Whether the session is still to take a cut. */
  boolean interrupting() {
    return interrupting;
  }

  /** Posts a caller's utterance now, or after the cut under way: the session must store what was heard first. */
  void afterCut(Runnable post) {
    if (interrupting || cutting.isPresent()) {
      postsWaiting.add(post);
      return;
    }
    post.run();
  }

  /**
   * The caller spoke over {@code answer}, no longer queued to speak; the frame that made it a
   * barge-in reached the edge at {@code heardNanos}.
   */
  void bargeIn(SpokenAnswer answer, long heardNanos) {
    // The model stops now; what was heard follows once the edge says how far it played.
    if (isBotTurn(answer.turnId())) session.tell(new SessionCommand.HoldAnswer(answer.turnId()));
    cutting = Optional.of(answer);
    if (answer.started()) {
      output.tell(new VoiceOutput.SpeakingStopped(answer.turnId(), VoiceOutput.SpeakingStopped.BARGE_IN));
      metrics.bargedIn(tenant, (System.nanoTime() - heardNanos) / 1e9);
      call.awaitPlayed(answer.turnId());
      log.apply(Level.DEBUG).log("barge-in on {} after {} ms sent", answer.turnId(), answer.sentMillis());
    } else {
      // Nothing of it played yet: the caller went on speaking before the bot began.
      finish(answer, 0);
    }
  }

  /** The edge played {@code millis} of the answer of {@code turnId}, and {@code stopped} there for a barge-in. */
  void reported(String turnId, long millis, boolean stopped) {
    playedMillis.put(turnId, millis);
    cutting.filter(answer -> stopped && answer.turnId().equals(turnId))
        .ifPresent(answer -> cutAt(answer, millis));
  }

  void cutDue(String turnId) {
    // The edge did not say how far it played: the last position it reported is what was surely heard.
    cutting.filter(answer -> answer.turnId().equals(turnId))
        .ifPresent(answer -> cutAt(answer, playedMillis.getOrDefault(turnId, 0L)));
  }

  /** The barge-in's answer played up to {@code reportedMillis}, by the edge's word: heard that far, and kept that far. */
  private void cutAt(SpokenAnswer answer, long reportedMillis) {
    recordPlayed(answer, answer.heardMillis(reportedMillis));
    finish(answer, reportedMillis);
  }

  /** {@code answer} ends after {@code played} ms of its audio: the session keeps what was heard of it. */
  void finish(SpokenAnswer answer, long played) {
    call.stopAwaitingPlayed(answer.turnId());
    cutting = Optional.empty();
    if (!isBotTurn(answer.turnId())) {
      // Not the bot's words (an agent's, a notice): nothing to cut in the session.
      releasePosts();
      return;
    }
    interrupting = true;
    call.interrupt(answer.turnId(), answer.heardAt(played));
  }

  void interruptDone(String turnId, Optional<Throwable> failure) {
    failure.ifPresent(cause ->
        log.apply(Level.WARN).log("the session did not take the interruption of {}: {}", turnId, cause.toString()));
    interrupting = false;
    releasePosts();
  }

  /**
   * Posts what waited, unless a cut is still under way: an earlier barge-in's, which the session has
   * not taken yet, holds them on after a later one's has nothing to cut.
   */
  private void releasePosts() {
    while (!postsWaiting.isEmpty() && !interrupting && cutting.isEmpty()) postsWaiting.poll().run();
  }

  /**
   * The call ends with {@code unfinished} answers (and the barge-in's, if one is being cut): each
   * bot's answer with what was heard of it, the one playing up to where the edge last said it had
   * played (what surely played), the others nothing. How long each played is recorded, whoever's
   * words they were.
   */
  Map<String, String> unheard(List<SpokenAnswer> unfinished) {
    Map<String, String> cuts = new LinkedHashMap<>();
    Stream.concat(cutting.stream(), unfinished.stream()).forEach(answer -> {
      long reported = playedMillis.getOrDefault(answer.turnId(), 0L);
      recordPlayed(answer, answer.heardMillis(reported));
      cuts.put(answer.turnId(), answer.heardAt(reported));
    });
    cutting = Optional.empty();
    cuts.keySet().removeIf(turnId -> !isBotTurn(turnId));
    return cuts;
  }

  /**
   * The caller heard {@code millis} of {@code answer}'s audio (all of it, or up to a cut): the
   * session records it, for the conversation's spoken time. No reply is awaited: a call ending
   * does not wait for it, and a session that closed meanwhile records it all the same.
   */
  void recordPlayed(SpokenAnswer answer, long millis) {
    if (millis <= 0) return;
    session.tell(new SessionCommand.RecordPlayed(answer.turnId(), millis, system.ignoreRef()));
  }
}
