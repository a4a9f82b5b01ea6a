package io.parley.sessions.entity.phase;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.LanguageChoice;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.ReplyOption;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.InternalCommand.BotConfigHeard;
import io.parley.sessions.entity.InternalCommand.NewDataKeyMade;
import io.parley.sessions.entity.SessionCommand.PostGreeting;
import io.parley.sessions.entity.SessionCommand.Start;
import io.parley.sessions.entity.SessionCommand.Subscribe;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.LanguageDecided;
import io.parley.sessions.entity.SessionEvent.SessionStarted;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionSeal;
import io.parley.sessions.entity.SessionState.NotStarted;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.phase.HostLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The commands of a session that was never started: {@code Start} opens it, everything else is
 * refused as an unknown session.
 */
public record NotStartedCommands(SessionEffects effect, SessionScope scope, SessionSeal seal,
    StartingAsks asks, IdleClock idleClock, HostLink host) {
  static final String NO_SUCH_SESSION = "no such session";

  /**
   * Starts the session with its tenant's current bot configuration (or its draft), which it keeps: the first
   * start asks for it and waits, stashed, for the answer (a configuration that does not answer in
   * time leaves the session on the node's settings).
   */
  public ReplyEffect<SessionEvent, SessionState> onStart(NotStarted state, Start cmd) {
    if (seal.erased()) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, SessionState.ERASED)));
    }
    // Its journal is sealed from the first event: the key (indexed by the user, for erasure) is made
    // first, and stored with that event.
    if (seal.needsKey()) {
      asks.askDataKey(cmd.userId());
      return effect.stash();
    }
    Optional<Optional<PinnedBotConfig>> config = asks.botConfig();
    if (config.isEmpty()) {
      asks.askBotConfig(cmd.draft(), cmd.version(), cmd.channel());
      return effect.stash();
    }
    if (cmd.version().isPresent() && !config.get().map(pinned -> !pinned.draft()
        && pinned.version() == cmd.version().get()).orElse(false)) {
      host.passivate();
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND,
          "the tenant has no version " + cmd.version().get() + " (or it did not answer in time)")));
    }
    if (cmd.draft() && !config.get().map(PinnedBotConfig::draft).orElse(false)) {
      // A test session on the live configuration would test nothing: none is started.
      host.passivate();
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND,
          "the tenant has no draft to try (or it did not answer in time): save one with PUT /v1/config/draft")));
    }
    SessionStarted start = new SessionStarted(scope.id().tenant(), cmd.userId(), cmd.channel(), scope.now(), config.get(),
        cmd.placedCall());
    Optional<ConversationLanguage> language = LanguageChoice.atStart(cmd.language(), config.get().map(PinnedBotConfig::config));
    List<SessionEvent> events = new ArrayList<>(greeted(start, language.map(ConversationLanguage::tag)));
    language.ifPresent(decided -> events.add(new LanguageDecided(decided.tag().tag(), decided.source(), start.at())));
    return effect
        .persist(events)
        .thenRun(started -> {
          scope.log(Level.INFO).log("session started");
          idleClock.opened((Open) started);
        })
        .thenReply(cmd.replyTo(), started -> StatusReply.success(started.info(scope.id())));
  }

  /**
   * A chat conversation opens with the tenant's greeting (its greeting for the conversation's
   * language, when it wrote one) as its first bot message, with the replies it offers to tap, written with the
   * start itself: stored once, replayed on every resume like any message (an evaluation plays a chat
   * conversation, greeting included). A voice or phone call
   * speaks its own greeting as it starts playing.
   */
  private static List<SessionEvent> greeted(SessionStarted started, Optional<LanguageTag> language) {
    boolean typed = started.channel() == Channel.CHAT || started.channel() == Channel.EVALUATION;
    Optional<String> greeting = !typed ? Optional.empty()
        : started.botConfig().flatMap(pinned -> pinned.config().chatGreeting(language)).filter(text -> !text.isBlank());
    List<ReplyOption> options = started.botConfig().map(pinned -> pinned.config().greetingOptions(language))
        .orElse(List.of());
    return greeting.<List<SessionEvent>>map(text -> List.of(started, new AssistantMessageAppended(1, PostGreeting.GREETING,
        text, AnswerSource.GREETING, Optional.empty(), started.at(), false, 0, options)))
        .orElseGet(() -> List.of(started));
  }

  public ReplyEffect<SessionEvent, SessionState> onBotConfigHeard(NotStarted state, BotConfigHeard heard) {
    asks.botConfigHeard(heard.config());
    return effect.none().thenNoReply().thenUnstashAll();
  }

  /** The starting session's new key is made: the start goes on; without one the entity gives up and a retry starts afresh. */
  public ReplyEffect<SessionEvent, SessionState> onNewDataKeyMade(NotStarted state, NewDataKeyMade made) {
    if (made.key().isEmpty()) return effect.stop().thenNoReply();
    seal.keyMade(made.key().get());
    return effect.none().thenNoReply().thenUnstashAll();
  }

  /** Nobody may wait on a session that does not exist: refused, and the entity goes away. */
  public ReplyEffect<SessionEvent, SessionState> onSubscribe(NotStarted state, Subscribe cmd) {
    cmd.subscriber().tell(new SessionUpdate.Refused(ErrorCode.NOT_FOUND, NO_SUCH_SESSION));
    host.passivate();
    return effect.noReply();
  }

  /** The reply of every request about a session that does not exist. */
  public <T> ReplyEffect<SessionEvent, SessionState> notFound(ActorRef<StatusReply<T>> replyTo) {
    return effect.reply(replyTo, StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, NO_SUCH_SESSION)));
  }
}
