package io.parley.sessions.entity.handoff;

import io.parley.core.bot.BotConfig;
import io.parley.core.call.TransferMode;
import io.parley.core.call.TransferTarget;
import io.parley.core.session.Channel;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.turns.AnswerWaiters;
import io.parley.sessions.entity.turns.TurnSlot;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * Where a conversation goes once a person is asked for, and once an agent takes it over: the bot
 * stops answering, and the session joins the agent queue, or, a phone session whose tenant (its bot
 * configuration's {@code phoneTransferTarget}) or node ({@code PARLEY_SIP_TRANSFER_TARGET}) names a
 * transfer target, the phone bridge transfers the call there instead ({@link SessionUpdate.TransferCall});
 * by a blind transfer, or, the tenant's {@code voice.transferMode} {@code warm}, by calling the
 * person first with a brief ({@link TransferBrief}, {@link SessionUpdate.WarmTransferCall}), or
 * ringing the agents online in the agent console (the target {@link TransferTarget#CONSOLE}, warm only);
 * an agent who takes a phone call over has it transferred to their own phone (or to that target).
 * Every handler that brings a person in is given this part, not the handler of the handoff.
 *
 * <p>{@code nodeTarget}: where the node sends calls whose tenant names no target of its own.
 */
public record HandoffRouting(SessionScope scope, SessionMetrics metrics, TurnSlot turn, AnswerWaiters waiters,
    Subscribers subscribers, AgentQueueLink agentQueue, Optional<String> nodeTarget) {
  /**
   * Once a request for a person is durable: the model's turn stops, followers hear who answers
   * now, and the session joins the agent queue, whose answer ({@link InternalCommand.QueuePlaceHeard})
   * tells the customer their place; a phone call with a transfer target is transferred instead.
   */
  public void waitForAgent(SessionState after) {
    Open waiting = (Open) after;
    turn.stop();
    waiters.refuseAll("a person was asked for; the bot does not answer meanwhile");
    subscribers.publish(new SessionUpdate.HandoffChanged(waiting.handoff()));
    waiting.handoff().trigger().ifPresent(trigger -> metrics.handoff(scope.id().tenant(), trigger.wireName()));
    scope.log(Level.INFO).log("a person was asked for");
    // A blind transfer cannot reach the console: its agents take the call from the queue.
    Optional<String> target = target(waiting).filter(to -> warm(waiting) || !TransferTarget.isConsole(to));
    target.ifPresent(to -> {
      if (warm(waiting)) {
        Optional<BotConfig> config = waiting.botConfig().map(pinned -> pinned.config());
        String staff = TransferBrief.staffLanguage(config);
        String brief = TransferTarget.isConsole(to) ? TransferBrief.written(waiting, staff) : TransferBrief.of(waiting, staff);
        subscribers.publish(new SessionUpdate.WarmTransferCall(to, brief, staff));
        logTransfer(to, TransferMode.WARM);
      } else {
        transfer(to);
      }
    });
    if (target.isEmpty()) agentQueue.join(waiting);
  }

  /** An agent took the conversation over: a phone call goes to the agent's phone, else to the tenant's target. */
  void takenOver(Open held, Optional<String> agentPhone) {
    if (held.channel() != Channel.PHONE) return;
    agentPhone.or(() -> target(held).filter(to -> !TransferTarget.isConsole(to))).ifPresent(this::transfer);
  }

  /** Where this session's call goes when a person is asked for, if it is a phone call and anywhere is configured. */
  private Optional<String> target(Open state) {
    if (state.channel() != Channel.PHONE) return Optional.empty();
    return state.botConfig().flatMap(pinned -> pinned.config().phoneTransferTarget())
        .or(() -> nodeTarget);
  }

  private static boolean warm(Open state) {
    return state.botConfig().map(pinned -> pinned.config().voicePreferences().transfers()).orElse(TransferMode.BLIND)
        == TransferMode.WARM;
  }

  private void transfer(String target) {
    subscribers.publish(new SessionUpdate.TransferCall(target));
    logTransfer(target, TransferMode.BLIND);
  }

  private void logTransfer(String target, TransferMode mode) {
    scope.log(Level.INFO).addKeyValue("target", TransferTarget.isConsole(target) ? target
            : TransferTarget.parse(target).map(TransferTarget::masked).orElse("?"))
        .addKeyValue("mode", mode.wireName()).log("the call is to be transferred");
  }
}
