package io.parley.voice.phone;

import io.parley.core.call.CallEnd;
import io.parley.core.call.TransferTarget;
import io.parley.core.call.WarmTransferOutcome;
import io.parley.sessions.Edges;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.VoiceCall;
import io.parley.voice.phone.transfer.ConsultListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * How a phone call leaves the bot other than by a hang-up: transferred to a person, ended by its
 * node shutting down, or by its tenant being disabled. The caller of a transfer or a shutdown first
 * hears the end of the sentence playing and a short line ({@link VoiceCall.Interject}); then
 *
 * <ul>
 *   <li>a transfer sends the REFER ({@link CallTransfers}) and records how it went in the session:
 *       done, the bridge hangs up and the call closes the session as {@value #TRANSFERRED}; failed, the
 *       caller stays with the bot, which says so (the session does), and may be transferred again;
 *   <li>a warm transfer ({@link WarmTransfers}) puts the caller on hold and calls the person (or
 *       rings the agents online in the console), and
 *       records its outcome in the session: accepted, the two are bridged until the person hangs
 *       up (the bridge then hangs up on the caller, as {@value #TRANSFERRED}) or the caller does;
 *       not, the caller is the bot's again, which says so, and may be transferred again;
 *   <li>a node draining its edges (graceful shutdown) hangs up and the call closes the session as
 *       {@value #NODE_SHUT_DOWN}; the drain hears it is done once the call has stopped;
 *   <li>its tenant disabled ({@link Edges#TENANT_DISABLED}), it hangs up at once, since the shutdown
 *       line's "please call again" would be wrong, and the call closes the session as
 *       {@value #TENANT_DISABLED}.
 * </ul>
 *
 * A child of the call: it tells the call {@code ended} once the caller is gone.
 */
final class CallHandover {
  static final String TRANSFERRED = "call transferred";
  static final String NODE_SHUT_DOWN = "node shut down";
  static final String TENANT_DISABLED = CallEnd.TENANT_DISABLED.closeReason();
  /** The sentence playing and the line together: past this the call moves on without them. */
  static final Duration LINE_LIMIT = Duration.ofSeconds(8);
  /** The far side's final word on a transfer: past this, it failed. */
  static final Duration TRANSFER_LIMIT = Duration.ofSeconds(30);
  private static final String TRANSFER_LINE = "handover-transfer";
  private static final String SHUTDOWN_LINE = "handover-shutdown";
  private static final String TRANSFER_LIMIT_TIMER = "transfer-limit";

  sealed interface Command {}

  /** The session asks for the call to go to {@code target}. */
  record Transfer(String target) implements Command {}

  /** The session asks for the call to go to {@code target} warm: the person hears {@code brief} first. */
  record WarmTransfer(String target, String brief, String staffLanguage) implements Command {}

  private record Consulted(String target, WarmTransferOutcome outcome, Optional<Integer> sipStatus, long waitedMillis)
      implements Command {}

  private record PersonLeft() implements Command {}

  /** The call stopped speaking something (done, or spoken over): perhaps the line. */
  record SpeechStopped(String key) implements Command {}

  private record Drain(Edges.Drain drain) implements Command {}

  private record LineOver(String key) implements Command {}

  private record Referred(TransferTarget target, CallTransfers.Result result) implements Command {}

  private record Recorded() implements Command {}

  /**
   * What the bridge gives a call to be handed on with: the lines it says, its REFER, and the node's
   * edges, which a shutdown drains.
   */
  public record Means(String transferLine, String shutdownLine,
      BiConsumer<TransferTarget, Consumer<CallTransfers.Result>> transfer, WarmTransfers.ForCall warm, Edges edges) {}

  /**
   * @param tenant whose disabling ends the call
   * @param ended told the session's close reason once the caller is gone (hung up, transferred)
   */
  record Setup(String tenant, ActorRef<VoiceCall.Command> voice, RecipientRef<SessionCommand> session,
      Duration askTimeout, Means means, Runnable hangUp, ActorRef<String> ended) {}

  static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new CallHandover(ctx, timers, setup).start()));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Setup setup;
  private final ActorRef<Edges.Drain> drains;
  // Every drain told (a tenant's and the node's may both come) hears when the call has stopped.
  private final List<ActorRef<Done>> drainsWaiting = new ArrayList<>();
  private Optional<Runnable> consulting = Optional.empty();

  private CallHandover(ActorContext<Command> ctx, TimerScheduler<Command> timers, Setup setup) {
    this.ctx = ctx;
    this.timers = timers;
    this.setup = setup;
    this.drains = ctx.messageAdapter(Edges.Drain.class, Drain::new);
  }

  private Behavior<Command> start() {
    Optional<String> draining = setup.means().edges().opened(drains, setup.tenant());
    if (draining.isPresent()) return say(SHUTDOWN_LINE, setup.means().shutdownLine(), hangUp(NODE_SHUT_DOWN));
    return idle();
  }

  /** With the bot: waiting for a transfer or a drain. */
  private Behavior<Command> idle() {
    return stage(Behaviors.receive(Command.class)
        .onMessage(Transfer.class, this::onTransfer)
        .onMessage(WarmTransfer.class, this::onWarmTransfer)
        .onMessage(Drain.class, this::onDrain));
  }

  private Behavior<Command> onWarmTransfer(WarmTransfer transfer) {
    if (!TransferTarget.isValid(transfer.target()) && !TransferTarget.isConsole(transfer.target())) {
      recordWarm(new Consulted(transfer.target(), WarmTransferOutcome.FAILED, Optional.empty(), 0));
      return Behaviors.same();
    }
    return say(TRANSFER_LINE, setup.means().transferLine(), consult(transfer.target(), transfer));
  }

  /** The caller on hold while the person (or the agents in the console) is called and decides. */
  private Behavior<Command> consult(String target, WarmTransfer transfer) {
    return Behaviors.setup(unused -> {
      ActorRef<Command> self = ctx.getSelf();
      long startedNanos = System.nanoTime();
      consulting = Optional.of(setup.means().warm().start(target, transfer.brief(), transfer.staffLanguage(),
          new ConsultListener() {
            @Override
            public void decided(WarmTransferOutcome outcome, Optional<Integer> sipStatus) {
              self.tell(new Consulted(target, outcome, sipStatus, (System.nanoTime() - startedNanos) / 1_000_000));
            }

            @Override
            public void personLeft() {
              self.tell(new PersonLeft());
            }
          }));
      return stage(Behaviors.receive(Command.class)
          .onMessage(Consulted.class, this::onConsulted)
          .onMessage(Drain.class, this::onDrain));
    });
  }

  private Behavior<Command> onConsulted(Consulted consulted) {
    recordWarm(consulted);
    if (!consulted.outcome().bridged()) {
      consulting = Optional.empty();
      return idle();
    }
    // Bridged: the caller and the person talk through the node until one of them hangs up.
    return stage(Behaviors.receive(Command.class)
        .onMessage(PersonLeft.class, left -> hangUp(TRANSFERRED))
        .onMessage(Drain.class, this::onDrain));
  }

  private Behavior<Command> onTransfer(Transfer transfer) {
    Optional<TransferTarget> target = TransferTarget.parse(transfer.target());
    if (target.isEmpty()) {
      // Checked where it was configured; a target that is no SIP URI cannot be dialled.
      record(transfer.target(), new CallTransfers.Result(false, "not a SIP URI"));
      return Behaviors.same();
    }
    return say(TRANSFER_LINE, setup.means().transferLine(), refer(target.get()));
  }

  private Behavior<Command> onDrain(Drain drain) {
    drainsWaiting.add(drain.drain().replyTo());
    if (drain.drain().reason().equals(Edges.TENANT_DISABLED)) return hangUp(TENANT_DISABLED);
    return say(SHUTDOWN_LINE, setup.means().shutdownLine(), hangUp(NODE_SHUT_DOWN));
  }

  /** Says {@code line} after the sentence playing, then goes on with {@code next} (at the latest after {@link #LINE_LIMIT}). */
  private Behavior<Command> say(String key, String line, Behavior<Command> next) {
    setup.voice().tell(new VoiceCall.Interject(key, line));
    timers.startSingleTimer(key, new LineOver(key), LINE_LIMIT);
    return stage(Behaviors.receive(Command.class)
        .onMessage(SpeechStopped.class, stopped -> stopped.key().equals(key) ? lineSaid(key, next) : Behaviors.same())
        .onMessage(LineOver.class, over -> over.key().equals(key) ? lineSaid(key, next) : Behaviors.same())
        .onMessage(Drain.class, drain -> key.equals(SHUTDOWN_LINE) ? heldToTheEnd(drain) : onDrain(drain)));
  }

  private Behavior<Command> lineSaid(String key, Behavior<Command> next) {
    timers.cancel(key);
    return next;
  }

  private Behavior<Command> refer(TransferTarget target) {
    return Behaviors.setup(unused -> {
      ActorRef<Command> self = ctx.getSelf();
      setup.means().transfer().accept(target, result -> self.tell(new Referred(target, result)));
      timers.startSingleTimer(TRANSFER_LIMIT_TIMER, new Referred(target,
          new CallTransfers.Result(false, "no final answer within " + TRANSFER_LIMIT.toSeconds() + " s")), TRANSFER_LIMIT);
      return stage(Behaviors.receive(Command.class)
          .onMessage(Referred.class, this::onReferred)
          .onMessage(Drain.class, this::onDrain));
    });
  }

  private Behavior<Command> onReferred(Referred referred) {
    timers.cancel(TRANSFER_LIMIT_TIMER);
    if (!referred.result().transferred()) {
      record(referred.target().uri(), referred.result());
      return idle();
    }
    // The caller is with the target now: this leg only holds a line open.
    setup.hangUp().run();
    record(referred.target().uri(), referred.result());
    return closing(TRANSFERRED);
  }

  private Behavior<Command> hangUp(String reason) {
    return Behaviors.setup(unused -> {
      setup.hangUp().run();
      return closing(reason);
    });
  }

  /**
   * The caller is gone: the call is told, and closes the session once its voice has kept only what
   * was heard; this stops with the call (then a drain hears it is done).
   */
  private Behavior<Command> closing(String reason) {
    setup.ended().tell(reason);
    return stage(Behaviors.receive(Command.class)
        .onMessage(Drain.class, this::heldToTheEnd));
  }

  /** A drain while the call is already on its way to end: it hears so once the call has stopped. */
  private Behavior<Command> heldToTheEnd(Drain drain) {
    drainsWaiting.add(drain.drain().replyTo());
    return Behaviors.same();
  }

  /** A stage of the handover: other commands are ignored, and a stop in any stage releases the drains. */
  private Behavior<Command> stage(BehaviorBuilder<Command> handlers) {
    return handlers.onAnyMessage(other -> Behaviors.same()).onSignal(PostStop.class, stop -> stopped()).build();
  }

  private void record(String target, CallTransfers.Result result) {
    ctx.askWithStatus(Done.class, setup.session(), setup.askTimeout(),
        replyTo -> new SessionCommand.RecordTransfer(target, result.transferred(), result.outcome(), replyTo),
        (done, failure) -> new Recorded());
  }

  private void recordWarm(Consulted consulted) {
    ctx.askWithStatus(Done.class, setup.session(), setup.askTimeout(),
        replyTo -> new SessionCommand.RecordWarmTransfer(consulted.target(), consulted.outcome().wireName(),
            consulted.sipStatus(), consulted.waitedMillis(), replyTo),
        (done, failure) -> new Recorded());
  }

  private Behavior<Command> stopped() {
    // The caller is gone: so is the person's leg of a warm transfer under way.
    consulting.ifPresent(Runnable::run);
    setup.means().edges().closed(drains);
    drainsWaiting.forEach(replyTo -> replyTo.tell(Done.getInstance()));
    return Behaviors.same();
  }
}
