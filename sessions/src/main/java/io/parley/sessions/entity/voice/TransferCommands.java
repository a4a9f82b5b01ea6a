package io.parley.sessions.entity.voice;

import io.parley.core.handoff.HandoffStatus;
import io.parley.sessions.entity.SessionCommand.RecordTransfer;
import io.parley.sessions.entity.SessionCommand.RecordWarmTransfer;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.CallTransferred;
import io.parley.sessions.entity.SessionEvent.NoticeAppended;
import io.parley.sessions.entity.SessionEvent.WarmTransferEnded;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.handoff.AgentQueueLink;
import io.parley.sessions.entity.handoff.HandoffRouting;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * A person on the phone: the phone bridge reports how a transfer {@link HandoffRouting} asked for
 * went, blind (REFER) or warm (the person called first). A transfer that failed is told to the
 * caller, and the handoff goes on as in a chat.
 */
public record TransferCommands(SessionEffects effect, SessionScope scope, Subscribers subscribers,
    AgentQueueLink agentQueue) {

  public ReplyEffect<SessionEvent, SessionState> onRecordTransfer(Open state, RecordTransfer cmd) {
    Instant at = scope.now();
    CallTransferred event = new CallTransferred(cmd.target(), cmd.transferred(), cmd.outcome(), at);
    scope.log(Level.INFO).addKeyValue("transferred", cmd.transferred()).log("call transfer ended: {}", cmd.outcome());
    if (cmd.transferred()) return effect.persist(event).thenReply(cmd.replyTo(), after -> StatusReply.success(Done.getInstance()));
    return failed(state, event, at, cmd.replyTo());
  }

  public ReplyEffect<SessionEvent, SessionState> onRecordWarmTransfer(Open state, RecordWarmTransfer cmd) {
    Instant at = scope.now();
    WarmTransferEnded event = new WarmTransferEnded(cmd.target(), cmd.outcome(), cmd.sipStatus(), cmd.waitedMillis(), at);
    scope.log(Level.INFO).addKeyValue("waitedMillis", cmd.waitedMillis()).log("warm transfer ended: {}", event.described());
    if (cmd.outcome().equals("accepted")) {
      return effect.persist(event).thenReply(cmd.replyTo(), after -> StatusReply.success(Done.getInstance()));
    }
    return failed(state, event, at, cmd.replyTo());
  }

  /** The caller is still here: told so in their language, and back in the agent queue if still waiting. */
  private ReplyEffect<SessionEvent, SessionState> failed(Open state, SessionEvent event, Instant at,
      ActorRef<StatusReply<Done>> replyTo) {
    long seq = state.transcript().nextSeq();
    return effect.persist(List.of(event, new NoticeAppended(seq, "transfer-failed-" + seq,
        state.wording().text("handoff.transfer-failed"), at)))
        .thenRun(after -> {
          subscribers.publishMessage(after, seq);
          Open open = (Open) after;
          if (open.handoff().status() == HandoffStatus.WAITING_FOR_AGENT) agentQueue.join(open);
        })
        .thenReply(replyTo, after -> StatusReply.success(Done.getInstance()));
  }
}
