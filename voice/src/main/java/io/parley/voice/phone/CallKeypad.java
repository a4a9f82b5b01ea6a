package io.parley.voice.phone;

import io.parley.core.handoff.HandoffTrigger;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.VoiceCall;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A phone call's keys, on their way to its session: each key stops the bot's answer playing, as
 * when the caller speaks over it, and goes to the session ({@link SessionCommand.PressKey}), which
 * gathers the keys into an entry; while an entry waits for more, the session says how long, and a
 * pause that long is told to it, which completes the entry. A key the session takes as asking for a
 * person is asked as a spoken request would. The keys themselves are never logged: they are PINs
 * and account numbers.
 */
final class CallKeypad<C> {
  /** The call's own messages for what the keypad hears back: a pause that completes an entry, the session's answer. */
  interface Messages<C> {
    C paused(String method);

    C answered(Optional<SessionCommand.KeyTaken> taken, String method);
  }

  private static final String PAUSE_TIMER = "keypad-pause";

  private final ActorContext<C> ctx;
  private final TimerScheduler<C> timers;
  private final RecipientRef<SessionCommand> session;
  private final Duration askTimeout;
  private final String callId;
  private final Messages<C> messages;

  CallKeypad(ActorContext<C> ctx, TimerScheduler<C> timers, RecipientRef<SessionCommand> session, Duration askTimeout,
      String callId, Messages<C> messages) {
    this.ctx = ctx;
    this.timers = timers;
    this.session = session;
    this.askTimeout = askTimeout;
    this.callId = callId;
    this.messages = messages;
  }

  /** The caller pressed a key: the bot stops talking, and the session hears the key. */
  void pressed(Keypress keypress, ActorRef<VoiceCall.Command> voice) {
    voice.tell(new VoiceCall.KeyPressed(System.nanoTime()));
    timers.cancel(PAUSE_TIMER);
    tell(String.valueOf(keypress.key()), keypress.method());
  }

  /** The caller paused as long as the entry waits: it is complete as it stands. */
  void paused(String method) {
    tell("", method);
  }

  /** The session took a key ({@code taken}; empty: it did not answer, and the entry is left to the next key). */
  void taken(Optional<SessionCommand.KeyTaken> taken, String method) {
    if (taken.isEmpty()) return;
    taken.get().waitForNext().ifPresent(wait -> timers.startSingleTimer(PAUSE_TIMER, messages.paused(method), wait));
    if (taken.get().asksForPerson()) {
      session.tell(new SessionCommand.RequestAgent(HandoffTrigger.CUSTOMER_ASKED, ctx.getSystem().ignoreRef()));
    }
  }

  private void tell(String key, String method) {
    ctx.askWithStatus(SessionCommand.KeyTaken.class, session, askTimeout,
        replyTo -> new SessionCommand.PressKey(key, method, replyTo), (taken, failure) -> {
          if (failure != null) ctx.getLog().warn("phone call {}: the session did not take a key: {}", callId, failure.toString());
          return messages.answered(Optional.ofNullable(taken), method);
        });
  }
}
