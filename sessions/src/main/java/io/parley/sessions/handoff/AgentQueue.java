package io.parley.sessions.handoff;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.core.CborSerializable;
import io.parley.core.handoff.WaitEstimate;
import io.parley.core.session.ErrorCode;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.session.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One tenant's conversations waiting for a person, oldest first, across all nodes: a sharded,
 * event-sourced entity, id = the tenant. Sessions join it when a person is asked for and leave it
 * when an agent takes them, they go back to the bot or close; both are idempotent, so a session
 * may say it again after a crash. Agents' consoles {@link Watch} it: they get the whole list now
 * and after every change. The watchers are the tenant's agents online; they are not persisted,
 * and a console watches again when the entity it watched stops. The consoles also see the tool
 * calls waiting for an agent's approval ({@link WaitingApprovals}, in memory only).
 *
 * <p>The journal keeps only what orders the queue ({@link Entry}: session, channel, trigger, since);
 * the customer's user id, last words and language, which the consoles show, stay in memory, so the journal
 * holds no personal data for erasure to miss. After the entity restarts, a session shows without
 * them until it asks to join again (a repeated {@link Enqueue} refreshes them).
 */
public final class AgentQueue
    extends EventSourcedBehaviorWithEnforcedReplies<AgentQueue.Command, AgentQueue.Event, AgentQueue.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "AgentQueue");

  /** A conversation in the queue: what an agent's list shows of it; {@code language}, a BCP 47 tag, once decided. */
  public record Waiting(String sessionId, Channel channel, Optional<String> userId, HandoffTrigger trigger,
      Instant since, String lastCustomerMessage, Optional<String> language) implements CborSerializable {
    public Waiting {
      language = language == null ? Optional.empty() : language;
    }

    Entry entry() {
      return new Entry(sessionId, channel, trigger, since);
    }
  }

  /** A conversation in the queue as its journal keeps it: nothing the customer wrote or is named by. */
  public record Entry(String sessionId, Channel channel, HandoffTrigger trigger, Instant since) implements CborSerializable {
    Waiting shownWithout() {
      return new Waiting(sessionId, channel, Optional.empty(), trigger, since, "", Optional.empty());
    }
  }

  public sealed interface Command extends CborSerializable {}

  /** Adds the session (again: its user id and last words are refreshed, nothing is persisted); replies its place. */
  public record Enqueue(Waiting waiting, ActorRef<Place> replyTo) implements Command {}

  /** Removes the session, if it waits, without an agent having taken it; no reply. */
  public record Leave(String sessionId) implements Command {}

  /** The session was taken by the agent that claimed it: it leaves the queue, its wait counts for the estimate. */
  public record PickedUp(String sessionId) implements Command {}

  /**
   * {@code agentId} is about to take the session: granted when the agent holds fewer than {@code cap}
   * conversations (across all its consoles, on every node) and no other agent holds it. Repeating
   * a granted claim is granted.
   */
  public record Claim(String sessionId, String agentId, String agentName, int cap, ActorRef<Claimed> replyTo)
      implements Command {}

  /** As {@link Claim}, for the conversation that has waited longest and nobody claimed (first come, first served). */
  public record ClaimNext(String agentId, String agentName, int cap, ActorRef<Claimed> replyTo) implements Command {}

  /**
   * The answer to a claim: the session claimed, or why not ({@code refusedAs}: {@code CONFLICT} at
   * the cap or held by another agent, {@code NOT_FOUND} when nobody waits), in words for the agent.
   */
  public record Claimed(String sessionId, Optional<ErrorCode> refusedAs, String reason) implements CborSerializable {
    static Claimed granted(String sessionId) {
      return new Claimed(sessionId, Optional.empty(), "");
    }

    static Claimed refused(String sessionId, ErrorCode code, String reason) {
      return new Claimed(sessionId, Optional.of(code), reason);
    }
  }

  /** {@code agentId} no longer holds the session (handed back, closed, or its take did not happen); no reply. */
  public record Release(String sessionId, String agentId) implements Command {}

  /**
   * A console of {@code agentId} takes conversations pushed to it: the oldest waiting one goes to an
   * agent with free room (under {@code cap}), as an {@link Assigned}, claimed for it already. Until
   * the console stops watching or says {@link NotReady}; not persisted, said again when the queue moves.
   */
  public record Ready(String agentId, int cap, ActorRef<Assigned> console) implements Command {}

  public record NotReady(ActorRef<Assigned> console) implements Command {}

  /** The session is claimed for the console's agent: take it. */
  public record Assigned(String sessionId) implements CborSerializable {}

  /** The approval waits for an agent (said again now and then, and after a crash: a repeat is harmless); no reply. */
  public record ApprovalWaits(AgentApproval approval) implements Command {}

  /** The session's approval was decided or expired, or the session closed; no reply. */
  public record ApprovalSettled(String sessionId, String approvalId) implements Command {}

  /** Sends {@code watcher} the queue now and after every change, until it stops or unwatches. */
  public record Watch(ActorRef<Snapshot> watcher) implements Command {}

  public record Unwatch(ActorRef<Snapshot> watcher) implements Command {}

  /** The sharding stop message. */
  public record Stop() implements Command {}

  /**
   * Where a session stands: {@code position} 1 is next; {@code agentsOnline} consoles watch the
   * queue; {@code expectedMinutes} from the tenant's recent pick-ups ({@link WaitEstimate}). Sent as
   * the answer to {@link Enqueue}, and again whenever the queue moves.
   */
  public record Place(int position, int agentsOnline, int expectedMinutes) implements CborSerializable {}

  /**
   * The whole queue, oldest first, and the approvals waiting for an agent, oldest first; {@code queue}
   * is the incarnation that sent it, to watch.
   */
  public record Snapshot(ActorRef<Command> queue, List<Waiting> waiting, int agentsOnline, List<AgentApproval> approvals)
      implements CborSerializable {
    public Snapshot {
      approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }
  }

  public sealed interface Event extends CborSerializable {}

  /** Journals written before 0.3 hold a whole {@link Waiting} here; its extra fields are not read. */
  public record Queued(Entry waiting) implements Event {}

  public record Left(String sessionId, Instant at) implements Event {}

  public record Taken(String sessionId, Instant at) implements Event {}

  public record ClaimGranted(String sessionId, String agentId, Instant at) implements Event {}

  public record Released(String sessionId, String agentId, Instant at) implements Event {}

  /**
   * The waiting sessions, oldest first; who holds which conversation (session → agent), what a
   * claim counts; the recent waits to pick-up, oldest first, what the estimate reads.
   */
  public record State(List<Entry> waiting, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> held,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Duration> recentWaits) implements CborSerializable {
    public State {
      waiting = List.copyOf(waiting);
      held = held == null ? Map.of() : Map.copyOf(held);
      recentWaits = recentWaits == null ? List.of() : List.copyOf(recentWaits);
    }

    public State(List<Entry> waiting) {
      this(waiting, Map.of(), List.of());
    }

    int holdingOf(String agentId) {
      return (int) held.values().stream().filter(agentId::equals).count();
    }

    /** Waiting and claimed by nobody: what can still be pushed or taken next. */
    List<Entry> unclaimed() {
      return waiting.stream().filter(entry -> !held.containsKey(entry.sessionId())).toList();
    }

    int positionOf(String sessionId) {
      for (int i = 0; i < waiting.size(); i++) {
        if (waiting.get(i).sessionId().equals(sessionId)) return i + 1;
      }
      return 0;
    }

    State with(Entry added) {
      List<Entry> all = new ArrayList<>(waiting);
      all.add(added);
      return new State(all, held, recentWaits);
    }

    /** Gone without being taken: a claim on it is void. */
    State without(String sessionId) {
      Map<String, String> holders = new HashMap<>(held);
      if (positionOf(sessionId) > 0) holders.remove(sessionId);
      return new State(waiting.stream().filter(w -> !w.sessionId().equals(sessionId)).toList(), holders, recentWaits);
    }

    State taken(String sessionId, Instant at) {
      Optional<Entry> entry = waiting.stream().filter(w -> w.sessionId().equals(sessionId)).findFirst();
      if (entry.isEmpty()) return this;
      return new State(waiting.stream().filter(w -> !w.sessionId().equals(sessionId)).toList(), held,
          WaitEstimate.withPickup(recentWaits, Duration.between(entry.get().since(), at)));
    }

    State claimed(String sessionId, String agentId) {
      Map<String, String> holders = new HashMap<>(held);
      holders.put(sessionId, agentId);
      return new State(waiting, holders, recentWaits);
    }

    State released(String sessionId, String agentId) {
      if (!agentId.equals(held.get(sessionId))) return this;
      Map<String, String> holders = new HashMap<>(held);
      holders.remove(sessionId);
      return new State(waiting, holders, recentWaits);
    }

    State apply(Event event) {
      if (event instanceof Queued queued) return with(queued.waiting());
      if (event instanceof Left left) return without(left.sessionId());
      if (event instanceof Taken taken) return taken(taken.sessionId(), taken.at());
      if (event instanceof ClaimGranted granted) return claimed(granted.sessionId(), granted.agentId());
      if (event instanceof Released released) return released(released.sessionId(), released.agentId());
      throw new IllegalArgumentException("not an agent queue event: " + event);
    }
  }

  private record WatcherStopped(ActorRef<Snapshot> watcher) implements Command {}

  public static Behavior<Command> create(String tenant) {
    return Behaviors.setup(ctx -> new AgentQueue(ctx, tenant));
  }

  private final ActorContext<Command> context;
  private final Set<ActorRef<Snapshot>> watchers = new HashSet<>();
  // What the consoles show of each waiting session, as its last Enqueue said: never persisted.
  private final Map<String, Waiting> shown = new HashMap<>();
  // Where each waiting session hears of its place as the queue moves, as its last Enqueue said.
  private final Map<String, ActorRef<Place>> places = new HashMap<>();
  // Agents' names as their claims said, for a refusal naming who holds a conversation: never persisted.
  private final Map<String, String> names = new HashMap<>();
  private final WaitingApprovals approvals = new WaitingApprovals();
  // The consoles that take pushed conversations, in the order they said so.
  private final Map<ActorRef<Assigned>, Ready> ready = new LinkedHashMap<>();

  private AgentQueue(ActorContext<Command> context, String tenant) {
    super(PersistenceId.of(ENTITY_KEY.name(), tenant));
    this.context = context;
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Enqueue.class, this::onEnqueue)
        .onCommand(Leave.class, this::onLeave)
        .onCommand(PickedUp.class, this::onPickedUp)
        .onCommand(Claim.class, this::onClaim)
        .onCommand(ClaimNext.class, this::onClaimNext)
        .onCommand(Release.class, this::onRelease)
        .onCommand(Ready.class, this::onReady)
        .onCommand(NotReady.class, (state, cmd) -> notReady(state, cmd.console()))
        .onCommand(ApprovalWaits.class, (state, cmd) -> approvalsChanged(state, approvals.waits(cmd.approval())))
        .onCommand(ApprovalSettled.class, (state, cmd) ->
            approvalsChanged(state, approvals.settled(cmd.sessionId(), cmd.approvalId())))
        .onCommand(Watch.class, this::onWatch)
        .onCommand(Unwatch.class, (state, cmd) -> unwatch(state, cmd.watcher()))
        .onCommand(WatcherStopped.class, (state, cmd) -> unwatch(state, cmd.watcher()))
        .onCommand(Stop.class, cmd -> Effect().stop().thenNoReply())
        .build();
  }

  private ReplyEffect<Event, State> onEnqueue(State state, Enqueue cmd) {
    String sessionId = cmd.waiting().sessionId();
    boolean refreshed = !cmd.waiting().equals(shown.put(sessionId, cmd.waiting()));
    places.put(sessionId, cmd.replyTo());
    if (state.positionOf(sessionId) > 0) {
      if (refreshed) publish(state);
      return Effect().reply(cmd.replyTo(), place(state, sessionId));
    }
    return persistAndAssign(state, List.of(new Queued(cmd.waiting().entry())))
        .thenReply(cmd.replyTo(), after -> place(after, cmd.waiting().sessionId()));
  }

  private ReplyEffect<Event, State> onLeave(State state, Leave cmd) {
    if (state.positionOf(cmd.sessionId()) == 0) {
      shown.remove(cmd.sessionId());
      places.remove(cmd.sessionId());
      return Effect().noReply();
    }
    return persistAndAssign(state, List.of(new Left(cmd.sessionId(), Instant.now()))).thenNoReply();
  }

  private ReplyEffect<Event, State> onPickedUp(State state, PickedUp cmd) {
    if (state.positionOf(cmd.sessionId()) == 0) return Effect().noReply();
    return persistAndAssign(state, List.of(new Taken(cmd.sessionId(), Instant.now()))).thenNoReply();
  }

  private ReplyEffect<Event, State> onClaim(State state, Claim cmd) {
    names.put(cmd.agentId(), cmd.agentName());
    String holder = state.held().get(cmd.sessionId());
    if (cmd.agentId().equals(holder)) return Effect().reply(cmd.replyTo(), Claimed.granted(cmd.sessionId()));
    if (holder != null) {
      return Effect().reply(cmd.replyTo(), Claimed.refused(cmd.sessionId(), ErrorCode.CONFLICT,
          names.getOrDefault(holder, "another agent") + " already has this conversation"));
    }
    return claim(state, cmd.sessionId(), cmd.agentId(), cmd.cap(), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onClaimNext(State state, ClaimNext cmd) {
    names.put(cmd.agentId(), cmd.agentName());
    Optional<Entry> oldest = state.unclaimed().stream().findFirst();
    if (oldest.isEmpty() && state.holdingOf(cmd.agentId()) < cmd.cap()) {
      return Effect().reply(cmd.replyTo(), Claimed.refused("", ErrorCode.NOT_FOUND, "nobody is waiting"));
    }
    return claim(state, oldest.map(Entry::sessionId).orElse(""), cmd.agentId(), cmd.cap(), cmd.replyTo());
  }

  private ReplyEffect<Event, State> claim(State state, String sessionId, String agentId, int cap, ActorRef<Claimed> replyTo) {
    int holding = state.holdingOf(agentId);
    if (holding >= cap) {
      return Effect().reply(replyTo, Claimed.refused(sessionId, ErrorCode.CONFLICT, "you hold " + holding
          + " conversations, the most one agent may (PARLEY_AGENT_MAX_CONVERSATIONS), in all your consoles:"
          + " hand one back or close it first"));
    }
    return Effect().persist(new ClaimGranted(sessionId, agentId, Instant.now()))
        .thenRun(this::publish)
        .thenReply(replyTo, after -> Claimed.granted(sessionId));
  }

  private ReplyEffect<Event, State> onRelease(State state, Release cmd) {
    if (!cmd.agentId().equals(state.held().get(cmd.sessionId()))) return Effect().noReply();
    return persistAndAssign(state, List.of(new Released(cmd.sessionId(), cmd.agentId(), Instant.now()))).thenNoReply();
  }

  /**
   * A console's message adapters share one reference: the ready console is the watcher already, and
   * stops being ready when it stops watching.
   */
  private ReplyEffect<Event, State> onReady(State state, Ready cmd) {
    ready.put(cmd.console(), cmd);
    return persistAndAssign(state, List.of()).thenNoReply();
  }

  private ReplyEffect<Event, State> notReady(State state, ActorRef<Assigned> console) {
    ready.remove(console);
    return Effect().noReply();
  }

  /**
   * Persists {@code events} and the claims of the conversations they let be pushed (first come, first
   * served, to the ready agent holding fewest), then tells the consoles and the waiting sessions.
   */
  private EffectBuilder<Event, State> persistAndAssign(State state, List<Event> events) {
    State after = state;
    for (Event event : events) after = after.apply(event);
    List<Event> all = new ArrayList<>(events);
    Map<ActorRef<Assigned>, String> pushes = new LinkedHashMap<>();
    for (Entry entry : after.unclaimed()) {
      Optional<Ready> agent = withRoom(after);
      if (agent.isEmpty()) break;
      ClaimGranted granted = new ClaimGranted(entry.sessionId(), agent.get().agentId(), Instant.now());
      all.add(granted);
      after = after.apply(granted);
      pushes.put(agent.get().console(), entry.sessionId());
    }
    if (all.isEmpty()) return Effect().none();
    return Effect().persist(all).thenRun(persisted -> {
      pushes.forEach((console, sessionId) -> console.tell(new Assigned(sessionId)));
      publish(persisted);
    });
  }

  /** The ready console of the agent with the most room (fewest held, then the one ready longest). */
  private Optional<Ready> withRoom(State state) {
    Map<String, Ready> byAgent = new LinkedHashMap<>();
    ready.values().forEach(console -> byAgent.putIfAbsent(console.agentId(), console));
    return byAgent.values().stream().filter(console -> state.holdingOf(console.agentId()) < console.cap())
        .min(Comparator.comparingInt(console -> state.holdingOf(console.agentId())));
  }

  private ReplyEffect<Event, State> approvalsChanged(State state, boolean changed) {
    if (changed) publish(state);
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onWatch(State state, Watch cmd) {
    if (watchers.add(cmd.watcher())) context.watchWith(cmd.watcher(), new WatcherStopped(cmd.watcher()));
    // Everyone hears of the new agent: the count of agents online is part of what they see.
    publish(state);
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> unwatch(State state, ActorRef<Snapshot> watcher) {
    ready.remove(watcher);
    if (watchers.remove(watcher)) {
      context.unwatch(watcher);
      publish(state);
    }
    return Effect().noReply();
  }

  private Place place(State state, String sessionId) {
    int position = state.positionOf(sessionId);
    return new Place(position, watchers.size(),
        position == 0 ? 0 : WaitEstimate.minutes(position, watchers.size(), state.recentWaits()));
  }

  /** The consoles see the conversations nobody claimed yet; each waiting session hears its place. */
  private void publish(State state) {
    List<String> waitingIds = state.waiting().stream().map(Entry::sessionId).toList();
    shown.keySet().retainAll(waitingIds);
    places.keySet().retainAll(waitingIds);
    List<Waiting> waiting = state.unclaimed().stream()
        .map(entry -> shown.getOrDefault(entry.sessionId(), entry.shownWithout())).toList();
    Snapshot snapshot = new Snapshot(context.getSelf(), waiting, watchers.size(), approvals.open(Instant.now()));
    watchers.forEach(watcher -> watcher.tell(snapshot));
    places.forEach((sessionId, session) -> session.tell(place(state, sessionId)));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
