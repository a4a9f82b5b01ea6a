package io.parley.sessions.entity.phase;

import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.LanguageChoice;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Rating;
import io.parley.core.session.Refusal;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionCommand.Rate;
import io.parley.sessions.entity.SessionCommand.SetPageContext;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.PageContextSet;
import io.parley.sessions.entity.SessionEvent.Rated;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * What the customer's page tells a session besides messages: where the customer is (an open
 * session's page context, the latest kept) and how they rate the conversation, once, while it is
 * open or within {@code ratingWindow} after it closed. A closed session's rating is written to its
 * archive document again, and every follower is told of it.
 */
public record CustomerFeedbackCommands(SessionEffects effect, SessionScope scope,
    Subscribers subscribers, CloseCompletion completion, Duration ratingWindow, SessionMetrics metrics) {

  public ReplyEffect<SessionEvent, SessionState> onSetPageContext(Open state, SetPageContext cmd) {
    if (state.notes().page().filter(cmd.context()::equals).isPresent()) {
      return effect.reply(cmd.replyTo(), StatusReply.success(Done.getInstance()));
    }
    Instant at = scope.now();
    List<SessionEvent> events = new ArrayList<>(List.of(new PageContextSet(cmd.context(), at)));
    Optional<ConversationLanguage> decided = LanguageChoice.onPage(state.notes().language(), cmd.context());
    decided.ifPresent(language -> events.add(new SessionEvent.LanguageDecided(language.tag().tag(), language.source(), at)));
    return effect.persist(events)
        .thenRun(after -> decided.ifPresent(language ->
            subscribers.publish(new SessionUpdate.LanguageChanged(language.tag().tag()))))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(Done.getInstance()));
  }

  public ReplyEffect<SessionEvent, SessionState> onRateOpen(Open state, Rate cmd) {
    return state.notes().rating().map(rated -> alreadyRated(cmd, rated)).orElseGet(() -> rate(cmd));
  }

  public ReplyEffect<SessionEvent, SessionState> onRateClosed(Closed state, Rate cmd) {
    if (state.notes().rating().isPresent()) return alreadyRated(cmd, state.notes().rating().get());
    if (scope.now().isAfter(state.closedAt().plus(ratingWindow))) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.BAD_REQUEST,
          "a conversation may be rated until " + windowText() + " after it closed (PARLEY_RATING_WINDOW);"
              + " this one closed at " + state.closedAt())));
    }
    return rate(cmd);
  }

  private ReplyEffect<SessionEvent, SessionState> rate(Rate cmd) {
    return effect.persist(new Rated(cmd.score(), cmd.comment(), scope.now()))
        .thenRun(after -> {
          metrics.rated(scope.id().tenant(), cmd.score());
          if (after instanceof Closed closed) completion.rewriteArchive(closed);
          subscribers.publish(new SessionUpdate.Rated(ratingOf(after)));
        })
        .thenReply(cmd.replyTo(), after -> StatusReply.success(ratingOf(after)));
  }

  /** The window as an operator writes it: {@code 7 days}, {@code 36 hours}, {@code 90 minutes}. */
  private String windowText() {
    long seconds = ratingWindow.toSeconds();
    if (seconds % 86_400 == 0) return plural(seconds / 86_400, "day");
    if (seconds % 3_600 == 0) return plural(seconds / 3_600, "hour");
    return seconds % 60 == 0 ? plural(seconds / 60, "minute") : plural(seconds, "second");
  }

  private static String plural(long count, String unit) {
    return count + " " + unit + (count == 1 ? "" : "s");
  }

  private static Rating ratingOf(SessionState state) {
    ConversationNotes notes = state instanceof Open open ? open.notes() : ((Closed) state).notes();
    return notes.rating().orElseThrow(() -> new IllegalStateException("a rated session has its rating"));
  }

  /** The same rating again is a retry of the first, answered as it was; any other is a second rating. */
  private ReplyEffect<SessionEvent, SessionState> alreadyRated(Rate cmd, Rating rated) {
    if (rated.score() == cmd.score() && rated.comment().equals(cmd.comment())) {
      return effect.reply(cmd.replyTo(), StatusReply.success(rated));
    }
    return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.CONFLICT,
        "this conversation was rated already, at " + rated.at() + "; it is rated once")));
  }
}
