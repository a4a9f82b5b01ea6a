package io.parley.sessions.entity;

import io.parley.core.call.TransferTarget;
import io.parley.core.handoff.HandoffStatus;
import io.parley.core.session.Channel;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand.RecordTransfer;
import io.parley.sessions.entity.SessionEvent.CallTransferred;
import io.parley.sessions.entity.SessionEvent.NoticeAppended;
import io.parley.sessions.entity.SessionState.Open;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * A person on the phone: a phone session whose tenant (its bot configuration's
 * {@code phoneTransferTarget}) or node ({@code PARLEY_SIP_TRANSFER_TARGET}) names a transfer target
 * does not wait in the agent queue when a person is asked for; the phone bridge transfers the call
 * there instead ({@link SessionUpdate.TransferCall}), and an agent who takes a phone call over has it
 * transferred to their own phone (or to that target). The bridge reports how it went: a transfer
 * that failed is told to the caller, and the handoff goes on as in a chat.
 */
final class TransferCommands {

  private final EffectFactories<SessionEvent, SessionState> effect;
  private final SessionScope scope;
  private final Optional<String> nodeTarget;
  private final Subscribers subscribers;
  private final AgentQueueLink agentQueue;

  /** {@code nodeTarget}: where the node sends calls whose tenant names no target of its own. */
  TransferCommands(EffectFactories<SessionEvent, SessionState> effect, SessionScope scope, Optional<String> nodeTarget,
      Subscribers subscribers, AgentQueueLink agentQueue) {
    this.effect = effect;
    this.scope = scope;
    this.nodeTarget = nodeTarget;
    this.subscribers = subscribers;
    this.agentQueue = agentQueue;
  }

  static <E> void register(CommandRoutes.Builder<E> routes, Function<E, TransferCommands> handler) {
    routes.inState(Open.class).by(handler).on(RecordTransfer.class, TransferCommands::onRecordTransfer);
  }

  /** Where this session's call goes when a person is asked for, if it is a phone call and anywhere is configured. */
  Optional<String> target(Open state) {
    if (state.channel() != Channel.PHONE) return Optional.empty();
    return state.botConfig().flatMap(pinned -> pinned.config().phoneTransferTarget())
        .or(() -> nodeTarget);
  }

  /** A person was asked for: transfers the call when there is a target; false when the queue should have it. */
  boolean transferInstead(Open waiting) {
    Optional<String> target = target(waiting);
    target.ifPresent(this::transfer);
    return target.isPresent();
  }

  /** An agent took the conversation over: a phone call goes to the agent's phone, else to the tenant's target. */
  void takenOver(Open held, Optional<String> agentPhone) {
    if (held.channel() == Channel.PHONE) agentPhone.or(() -> target(held)).ifPresent(this::transfer);
  }

  private void transfer(String target) {
    subscribers.publish(new SessionUpdate.TransferCall(target));
    scope.log(Level.INFO).addKeyValue("target", TransferTarget.parse(target).map(TransferTarget::masked).orElse("?"))
        .log("the call is to be transferred");
  }

  ReplyEffect<SessionEvent, SessionState> onRecordTransfer(Open state, RecordTransfer cmd) {
    Instant at = scope.now();
    CallTransferred event = new CallTransferred(cmd.target(), cmd.transferred(), cmd.outcome(), at);
    scope.log(Level.INFO).addKeyValue("transferred", cmd.transferred()).log("call transfer ended: {}", cmd.outcome());
    if (cmd.transferred()) return effect.persist(event).thenReply(cmd.replyTo(), after -> StatusReply.success(Done.getInstance()));
    long seq = state.transcript().nextSeq();
    return effect.persist(List.of(event, new NoticeAppended(seq, "transfer-failed-" + seq,
        state.wording().text("handoff.transfer-failed"), at)))
        .thenRun(after -> {
          subscribers.publishMessage(after, seq);
          Open open = (Open) after;
          if (open.handoff().status() == HandoffStatus.WAITING_FOR_AGENT) agentQueue.join(open);
        })
        .thenReply(cmd.replyTo(), after -> StatusReply.success(Done.getInstance()));
  }
}
