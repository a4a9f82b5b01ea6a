package io.parley.sessions.entity.voice;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.procedure.AskKeypad;
import io.parley.core.procedure.ProcedureStep;
import io.parley.sessions.entity.SessionCommand.KeyTaken;
import io.parley.sessions.entity.SessionCommand.PressKey;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionEvent.KeysPressed;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.phase.IdleClock;
import io.parley.sessions.entity.turns.NextTurn;
import io.parley.sessions.procedure.ProcedureNote;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * A phone caller's keys (docs/voice.md#keys): each gathers into an entry by the rules of the
 * procedure's ask waiting for one ({@link AskKeypad}: its length, terminator, the pause that ends
 * it, a menu's one key), else by the rules every entry has ({@link #ANY_ENTRY}); a complete entry is
 * persisted as {@link KeysPressed}, the customer's message, which the ask takes its value from, or
 * the model answers. {@value #PERSON_KEY} alone, with no ask waiting, asks for a person, as on most
 * support lines. The entry in progress is not persisted: a restart loses the keys of an entry not
 * complete, as a line drop would.
 */
public final class KeypadCommands {
  /** The key a caller presses for a person when no ask waits for keys. */
  public static final String PERSON_KEY = "0";
  /** An entry no ask shapes: up to {@link AskKeypad#MAX_KEYS} keys, ended by # or a pause; personal data. */
  static final AskKeypad ANY_ENTRY = new AskKeypad(1, AskKeypad.MAX_KEYS, "#", AskKeypad.DEFAULT_TIMEOUT, List.of(), true);

  private final SessionEffects effect;
  private final SessionScope scope;
  private final Subscribers subscribers;
  private final IdleClock idleClock;
  private final NextTurn nextTurn;
  private final StringBuilder entry = new StringBuilder();

  public KeypadCommands(SessionEffects effect, SessionScope scope, Subscribers subscribers, IdleClock idleClock,
      NextTurn nextTurn) {
    this.effect = effect;
    this.scope = scope;
    this.subscribers = subscribers;
    this.idleClock = idleClock;
    this.nextTurn = nextTurn;
  }

  public ReplyEffect<SessionEvent, SessionState> onPressKey(Open state, PressKey cmd) {
    Optional<AskKeypad> asking = waitingAsk(state);
    AskKeypad rules = asking.orElse(ANY_ENTRY);
    String key = cmd.key();
    if (key.isEmpty() || key.equals(rules.terminator())) {
      return entry.isEmpty() ? taken(cmd, Optional.empty(), false) : complete(state, cmd, rules);
    }
    if (key.length() != 1 || "0123456789*#ABCD".indexOf(key.charAt(0)) < 0) return taken(cmd, waiting(rules), false);
    if (asking.isEmpty() && entry.isEmpty() && key.equals(PERSON_KEY)) return taken(cmd, Optional.empty(), true);
    entry.append(key);
    if (rules.completeAt(entry.toString())) return complete(state, cmd, rules);
    return taken(cmd, Optional.of(rules.timeout()), false);
  }

  private Optional<Duration> waiting(AskKeypad rules) {
    return entry.isEmpty() ? Optional.empty() : Optional.of(rules.timeout());
  }

  private ReplyEffect<SessionEvent, SessionState> taken(PressKey cmd, Optional<Duration> wait, boolean person) {
    return effect.reply(cmd.replyTo(), StatusReply.success(new KeyTaken(wait, person)));
  }

  /** The entry is complete: the customer's message, which a procedure's ask or the model takes next. */
  private ReplyEffect<SessionEvent, SessionState> complete(Open state, PressKey cmd, AskKeypad rules) {
    String keys = entry.toString();
    entry.setLength(0);
    long seq = state.transcript().nextSeq();
    KeysPressed pressed = new KeysPressed(seq, keys, cmd.method(), rules.redact(), "turn-" + seq, scope.now());
    return effect.persist(pressed)
        .thenRun(after -> {
          subscribers.publishMessage(after, seq);
          idleClock.reset((Open) after);
          nextTurn.startIfDue(after);
        })
        .thenReply(cmd.replyTo(), after -> StatusReply.success(new KeyTaken(Optional.empty(), false)));
  }

  /** The keypad of the procedure's ask that asked and waits for its answer, if one does. */
  static Optional<AskKeypad> waitingAsk(Open state) {
    Optional<ProcedureNote> running = state.notes().runningProcedure();
    Optional<PinnedBotConfig> pinned = state.botConfig();
    if (running.isEmpty() || pinned.isEmpty() || running.get().run().asked() == 0) return Optional.empty();
    return running.get().run().step(ProcedureNote.byName(pinned.get().config().procedures()))
        .filter(ProcedureStep.Ask.class::isInstance).map(ProcedureStep.Ask.class::cast).flatMap(ProcedureStep.Ask::keypad);
  }
}
