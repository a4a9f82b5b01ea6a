package io.parley.http.agent;

import io.parley.core.audit.AuditResult;
import io.parley.core.identity.Caller;
import io.parley.http.auth.Audit;
import io.parley.voice.phone.transfer.AgentCall;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * An agent's console phone ({@code /v1/agent/phone}): while it is connected, phone calls handed
 * warmly to the agent console ring on it ({@link AgentCall}, from whichever node holds the call).
 * The console shows the ringing call with its brief; the agent accepts or declines with a button;
 * once connected, the caller's audio goes to the browser and the browser's microphone to the caller.
 * One call at a time: a call that rings while the agent is busy is declined for them. Only the
 * agent's own tenant's calls ring here, and each accept is in the tenant's audit log.
 */
final class AgentPhone {
  sealed interface Command {}

  /** The console accepts, declines or hangs up the call {@code transferId}. */
  record Pressed(String action, String transferId) implements Command {}

  /** 20 ms of the agent's microphone, 16 kHz PCM16 little-endian. */
  record Microphone(byte[] pcm) implements Command {}

  record StreamEnded() implements Command {}

  private record Heard(AgentCall call) implements Command {}

  /** What goes to the console: a JSON frame, or the caller's audio (8 kHz PCM16 little-endian). */
  sealed interface Outbound {
    record Frame(Map<String, Object> frame) implements Outbound {}

    record Audio(byte[] pcm) implements Outbound {}
  }

  static final int CALLER_RATE = 8_000;
  /** A microphone frame's most bytes: a few 20 ms frames of 16 kHz PCM16 at once. */
  static final int MAX_AUDIO_BYTES = 640 * 8;

  static Behavior<Command> create(Caller caller, String agentId, String requestId, Audit audit, ActorRef<Outbound> out) {
    return Behaviors.setup(ctx -> new AgentPhone(ctx, caller, agentId, requestId, audit, out).idle());
  }

  private final ActorContext<Command> ctx;
  private final Caller caller;
  private final String agentId;
  private final String requestId;
  private final Audit audit;
  private final ActorRef<Outbound> out;
  private final ActorRef<AgentCall> phone;
  private final ServiceKey<AgentCall> key;

  private AgentPhone(ActorContext<Command> ctx, Caller caller, String agentId, String requestId, Audit audit,
      ActorRef<Outbound> out) {
    this.ctx = ctx;
    this.caller = caller;
    this.agentId = agentId;
    this.requestId = requestId;
    this.audit = audit;
    this.out = out;
    this.phone = ctx.messageAdapter(AgentCall.class, Heard::new);
    this.key = AgentCall.phonesOf(caller.tenant());
    ctx.getSystem().receptionist().tell(Receptionist.register(key, phone));
    send(Map.of("type", "ready"));
  }

  /** Nothing ringing: a call that rings is shown. */
  private Behavior<Command> idle() {
    return stage(Behaviors.receive(Command.class)
        .onMessage(Heard.class, heard -> heard.call() instanceof AgentCall.Ringing ringing ? ringing(ringing) : Behaviors.same()));
  }

  private Behavior<Command> ringing(AgentCall.Ringing call) {
    send(Map.of("type", "ringing", "transferId", call.transferId(), "sessionId", call.sessionId(), "brief", call.brief()));
    return stage(Behaviors.receive(Command.class)
        .onMessage(Heard.class, heard -> onACall(heard.call(), call.transferId()))
        .onMessage(Pressed.class, pressed -> {
          if (!pressed.transferId().equals(call.transferId())) return Behaviors.same();
          if (pressed.action().equals("accept")) {
            call.consult().tell(new AgentCall.Answer.Accept(call.transferId(), agentId, phone));
            audit.record(caller, "agent.take_call", "/v1/sessions/" + call.sessionId(), AuditResult.OK, requestId,
                Optional.empty(), Optional.empty());
            return accepted(call);
          }
          call.consult().tell(new AgentCall.Answer.Decline(call.transferId(), agentId, phone));
          return ended(call.transferId(), "declined");
        })
        .onMessage(StreamEnded.class, ended -> {
          call.consult().tell(new AgentCall.Answer.Decline(call.transferId(), agentId, phone));
          return Behaviors.stopped();
        }));
  }

  /** Accepted: connected once the call says this agent's accept was the one taken. */
  private Behavior<Command> accepted(AgentCall.Ringing call) {
    return stage(Behaviors.receive(Command.class)
        .onMessage(Heard.class, heard -> heard.call() instanceof AgentCall.Connected connected
            && connected.transferId().equals(call.transferId()) ? connected(call) : onACall(heard.call(), call.transferId()))
        .onMessage(StreamEnded.class, ended -> {
          call.consult().tell(new AgentCall.Answer.HungUp(call.transferId()));
          return Behaviors.stopped();
        }));
  }

  /** With the caller: their audio to the console, the microphone's to them, until one hangs up. */
  private Behavior<Command> connected(AgentCall.Ringing call) {
    send(Map.of("type", "connected", "transferId", call.transferId(), "sampleRate", CALLER_RATE));
    ActorRef<AgentCall.Answer> consult = call.consult();
    return stage(Behaviors.receive(Command.class)
        .onMessage(Heard.class, heard -> {
          if (heard.call() instanceof AgentCall.CallerAudio audio && audio.transferId().equals(call.transferId())) {
            out.tell(new Outbound.Audio(audio.pcm()));
            return Behaviors.same();
          }
          return onACall(heard.call(), call.transferId());
        })
        .onMessage(Microphone.class, heard -> {
          if (heard.pcm().length <= MAX_AUDIO_BYTES) consult.tell(new AgentCall.Answer.AgentAudio(call.transferId(), heard.pcm()));
          return Behaviors.same();
        })
        .onMessage(Pressed.class, pressed -> {
          if (!pressed.action().equals("hangUp") || !pressed.transferId().equals(call.transferId())) return Behaviors.same();
          consult.tell(new AgentCall.Answer.HungUp(call.transferId()));
          return ended(call.transferId(), "hung_up");
        })
        .onMessage(StreamEnded.class, ended -> {
          consult.tell(new AgentCall.Answer.HungUp(call.transferId()));
          return Behaviors.stopped();
        }));
  }

  /**
   * While a call is under way: another ringing is declined for the busy agent; the end of this one
   * goes back to idle; anything else changes nothing.
   */
  private Behavior<Command> onACall(AgentCall heard, String transferId) {
    if (heard instanceof AgentCall.Ringing other) {
      other.consult().tell(new AgentCall.Answer.Decline(other.transferId(), agentId, phone));
      return Behaviors.same();
    }
    if (heard instanceof AgentCall.Over over && over.transferId().equals(transferId)) return ended(transferId, over.reason());
    return Behaviors.same();
  }

  private Behavior<Command> ended(String transferId, String reason) {
    send(Map.of("type", "ended", "transferId", transferId, "reason", reason));
    return idle();
  }

  /** A stage: the socket ending stops the phone (unless the stage says more), which leaves the tenant's phones. */
  private Behavior<Command> stage(BehaviorBuilder<Command> handlers) {
    return handlers
        .onMessage(StreamEnded.class, ended -> Behaviors.stopped())
        .onAnyMessage(other -> Behaviors.same())
        .onSignal(PostStop.class, stopped -> {
          ctx.getSystem().receptionist().tell(Receptionist.deregister(key, phone));
          return Behaviors.same();
        })
        .build();
  }

  private void send(Map<String, Object> frame) {
    out.tell(new Outbound.Frame(frame));
  }
}
