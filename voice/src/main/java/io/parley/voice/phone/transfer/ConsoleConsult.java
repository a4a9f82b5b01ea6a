package io.parley.voice.phone.transfer;

import io.parley.core.call.WarmTransferOutcome;
import io.parley.core.session.SessionId;
import io.parley.voice.media.HoldTone;
import io.parley.voice.media.Pcm16;
import io.parley.voice.media.Resampler;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm transfer to the agents online in the agent console: the caller hears {@link HoldTone}
 * (their words reach nobody meanwhile) while the call rings, with its brief, on every console phone
 * of the tenant's agents ({@link AgentCall#phonesOf}, on any node). The first agent to accept is
 * connected: the caller's frames go to their browser and their microphone's to the caller, through
 * this node, the others stop ringing. Every agent declining, none accepting within {@code ringFor},
 * or none online gives the caller back to the bot with the reason; the caller leaving ends the
 * ringing or the call on the agent's side.
 */
public final class ConsoleConsult {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleConsult.class);
  private static final Duration FIND_TIMEOUT = Duration.ofSeconds(5);
  private static final int AGENT_RATE = 16_000;
  private static final int PHONE_RATE = 8_000;

  public sealed interface Command {}

  /** The caller hung up (or their call ended): the agents' side ends too. */
  public record CallerLeft() implements Command {}

  private record Found(Set<ActorRef<AgentCall>> phones) implements Command {}

  private record Answered(AgentCall.Answer answer) implements Command {}

  private record RangOut() implements Command {}

  private record AgentGone() implements Command {}

  /** {@code brief}: the conversation's summary and where its procedure stands, shown to the agents. */
  public static Behavior<Command> create(SessionId session, HeldLine caller, String brief, Duration ringFor,
      ConsultListener listener) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new ConsoleConsult(ctx, timers, session, caller, brief, ringFor, listener).finding()));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final SessionId session;
  private final HeldLine caller;
  private final String brief;
  private final Duration ringFor;
  private final ConsultListener listener;
  private final String transferId = UUID.randomUUID().toString();
  private final ActorRef<AgentCall.Answer> answers;
  private final HoldTone hold = new HoldTone();
  private final Set<ActorRef<AgentCall>> ringing = new HashSet<>();

  private ConsoleConsult(ActorContext<Command> ctx, TimerScheduler<Command> timers, SessionId session, HeldLine caller,
      String brief, Duration ringFor, ConsultListener listener) {
    this.ctx = ctx;
    this.timers = timers;
    this.session = session;
    this.caller = caller;
    this.brief = brief;
    this.ringFor = ringFor;
    this.listener = listener;
    this.answers = ctx.messageAdapter(AgentCall.Answer.class, Answered::new);
  }

  /** The caller on hold while the node finds the tenant's console phones. */
  private Behavior<Command> finding() {
    caller.hearing(frame -> {});
    caller.play(hold::next);
    ctx.ask(Receptionist.Listing.class, ctx.getSystem().receptionist(), FIND_TIMEOUT,
        replyTo -> Receptionist.find(AgentCall.phonesOf(session.tenant()), replyTo),
        (listing, failure) -> new Found(listing == null ? Set.of()
            : listing.getServiceInstances(AgentCall.phonesOf(session.tenant()))));
    return Behaviors.receive(Command.class)
        .onMessage(Found.class, this::ring)
        .onMessage(CallerLeft.class, left -> callerLeft())
        .onAnyMessage(other -> Behaviors.same())
        .build();
  }

  private Behavior<Command> ring(Found found) {
    if (found.phones().isEmpty()) {
      LOG.info("warm transfer to the agent console: no agent is online with the console's phone");
      return giveBack(WarmTransferOutcome.NO_ANSWER);
    }
    ringing.addAll(found.phones());
    ringing.forEach(phone -> phone.tell(new AgentCall.Ringing(transferId, session.wireId(), brief, answers)));
    timers.startSingleTimer(new RangOut(), ringFor);
    return Behaviors.receive(Command.class)
        .onMessage(Answered.class, this::whileRinging)
        .onMessage(RangOut.class, out -> giveBack(WarmTransferOutcome.NO_ANSWER))
        .onMessage(CallerLeft.class, left -> callerLeft())
        .onAnyMessage(other -> Behaviors.same())
        .build();
  }

  private Behavior<Command> whileRinging(Answered answered) {
    AgentCall.Answer answer = answered.answer();
    if (!answer.transferId().equals(transferId)) return Behaviors.same();
    if (answer instanceof AgentCall.Answer.Decline declined) {
      ringing.remove(declined.phone());
      return ringing.isEmpty() ? giveBack(WarmTransferOutcome.DECLINED) : Behaviors.same();
    }
    if (answer instanceof AgentCall.Answer.Accept accepted) return connect(accepted);
    return Behaviors.same();
  }

  /** The first agent to accept has the caller: each side's frames go to the other. */
  private Behavior<Command> connect(AgentCall.Answer.Accept accepted) {
    timers.cancelAll();
    ActorRef<AgentCall> agent = accepted.phone();
    ringing.remove(agent);
    overFor(ringing, "taken");
    ctx.watchWith(agent, new AgentGone());
    agent.tell(new AgentCall.Connected(transferId));
    caller.play(null);
    caller.hearing(frame -> agent.tell(new AgentCall.CallerAudio(transferId, Pcm16.toLittleEndian(frame))));
    UnaryOperator<short[]> toPhone = Resampler.converting(AGENT_RATE, PHONE_RATE);
    LOG.info("warm transfer to the agent console: agent {} took the call", accepted.agentId());
    listener.decided(WarmTransferOutcome.ACCEPTED, Optional.empty());
    return Behaviors.receive(Command.class)
        .onMessage(Answered.class, heard -> {
          AgentCall.Answer answer = heard.answer();
          if (!answer.transferId().equals(transferId)) return Behaviors.same();
          if (answer instanceof AgentCall.Answer.AgentAudio audio) {
            caller.send(toPhone.apply(Pcm16.fromLittleEndian(audio.pcm())));
          } else if (answer instanceof AgentCall.Answer.HungUp) {
            return agentLeft();
          } else if (answer instanceof AgentCall.Answer.Accept late) {
            late.phone().tell(new AgentCall.Over(transferId, "taken"));
          }
          return Behaviors.same();
        })
        .onMessage(AgentGone.class, gone -> agentLeft())
        .onMessage(CallerLeft.class, left -> {
          agent.tell(new AgentCall.Over(transferId, "caller_left"));
          return Behaviors.stopped();
        })
        .onAnyMessage(other -> Behaviors.same())
        .build();
  }

  private Behavior<Command> agentLeft() {
    caller.hearing(frame -> {});
    listener.personLeft();
    return Behaviors.stopped();
  }

  /** The caller is the bot's again: no hold audio, their words to it; the phones still ringing stop. */
  private Behavior<Command> giveBack(WarmTransferOutcome outcome) {
    timers.cancelAll();
    overFor(ringing, outcome == WarmTransferOutcome.NO_ANSWER ? "rang_out" : "declined");
    caller.play(null);
    caller.backToBot();
    listener.decided(outcome, Optional.empty());
    return Behaviors.stopped();
  }

  private Behavior<Command> callerLeft() {
    overFor(ringing, "caller_left");
    caller.play(null);
    return Behaviors.stopped();
  }

  private void overFor(Set<ActorRef<AgentCall>> phones, String reason) {
    phones.forEach(phone -> phone.tell(new AgentCall.Over(transferId, reason)));
    phones.clear();
  }
}
