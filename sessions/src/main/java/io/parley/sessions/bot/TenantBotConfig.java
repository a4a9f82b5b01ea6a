package io.parley.sessions.bot;

import io.parley.core.CborSerializable;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.release.MemberReleases;
import io.parley.core.release.ReleaseGate;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One tenant's bot configuration and every version of it: a sharded, event-sourced entity, id =
 * the tenant. Each publish is a new, immutable version (1, 2, …) with its author and message; a
 * rollback publishes an old version's configuration again, as a new version. New sessions ask for
 * the current version when they start and keep it ({@link PinnedBotConfig}); sessions already
 * running are not changed.
 *
 * <p>Beside the live versions, the tenant may keep one draft: saved without touching any session,
 * tried in test sessions started on it ({@link PinnedBotConfig#draft()}), then published as the
 * next version or discarded. Drafts are numbered 1, 2, … on their own, so a test session names
 * the draft it tried.
 *
 * <p>One experiment at a time tries a candidate (the draft as it is, or a saved version) on a
 * share of the new conversations ({@link Experiment}); a publish or rollback ends it, in the same
 * write, so a conversation never starts in an experiment against a live version it did not compare.
 */
public final class TenantBotConfig
    extends EventSourcedBehaviorWithEnforcedReplies<TenantBotConfig.Command, TenantBotConfig.Event, TenantBotConfig.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "TenantBotConfig");

  /** A published version. */
  public record Version(int version, BotConfig config, String author, String message, Instant at)
      implements CborSerializable {
    public PinnedBotConfig pinned() {
      return new PinnedBotConfig(version, config);
    }
  }

  /** The draft: what a test session can try before it is published. */
  public record Draft(int number, BotConfig config, String author, String message, Instant at)
      implements CborSerializable {
    public PinnedBotConfig pinned() {
      return new PinnedBotConfig(number, config, true);
    }
  }

  public sealed interface Command extends CborSerializable {}

  /**
   * Saves {@code config} as the draft, replacing any draft before it; live sessions are not touched.
   * {@code baseVersion}: the live version it was written from (0: none), refused when another is live.
   */
  public record SaveDraft(BotConfig config, String author, String message, Optional<Integer> baseVersion,
      ActorRef<StatusReply<Draft>> replyTo) implements Command {}

  public record GetDraft(ActorRef<DraftAnswer> replyTo) implements Command {}

  /**
   * Publishes the draft as the next version (with its message), and the tenant has no draft any more;
   * {@code baseVersion} as for {@link SaveDraft}. {@code draft}: the number of the draft this publish
   * means (the one evaluated, or shown to the admin), refused when another draft is saved by then.
   */
  public record PublishDraft(String author, Optional<Integer> baseVersion, Optional<Integer> draft,
      ActorRef<StatusReply<Version>> replyTo) implements Command {}

  public record DiscardDraft(ActorRef<StatusReply<Draft>> replyTo) implements Command {}

  /**
   * Publishes {@code config} as the next version; the same configuration as the current one publishes
   * nothing. {@code baseVersion} as for {@link SaveDraft}.
   */
  public record Publish(BotConfig config, String author, String message, Optional<Integer> baseVersion,
      ActorRef<StatusReply<Version>> replyTo) implements Command {
    public Publish(BotConfig config, String author, String message, ActorRef<StatusReply<Version>> replyTo) {
      this(config, author, message, Optional.empty(), replyTo);
    }
  }

  /** Publishes version {@code version}'s configuration again, as a new version; {@code baseVersion} as for {@link SaveDraft}. */
  public record Rollback(int version, String author, Optional<Integer> baseVersion, ActorRef<StatusReply<Version>> replyTo)
      implements Command {
    public Rollback(int version, String author, ActorRef<StatusReply<Version>> replyTo) {
      this(version, author, Optional.empty(), replyTo);
    }
  }

  public record GetCurrent(ActorRef<Current> replyTo) implements Command {}

  /**
   * Starts experiment number {@code experiments + 1} trying {@code version} (empty: the draft) on
   * {@code share} of the new conversations; replies it, or refuses while one runs (409), without a
   * live version to compare with (409), or without such a candidate (404).
   */
  public record StartExperiment(Optional<Integer> version, double share, String author,
      ActorRef<StatusReply<Experiment>> replyTo) implements Command {}

  /** Ends experiment {@code id}: new conversations go live again; replies it as ended. */
  public record StopExperiment(int id, String author, ActorRef<StatusReply<Experiment>> replyTo) implements Command {}

  /**
   * Publishes experiment {@code id}'s candidate as the next version and ends it; the draft goes too
   * when it is the candidate. Replies the new version. (The evaluation gate is asked before.)
   */
  public record PromoteExperiment(int id, String author, ActorRef<StatusReply<Version>> replyTo) implements Command {}

  public record GetExperiments(ActorRef<Experiments> replyTo) implements Command {}

  /** Every experiment of the tenant, the first first. */
  public record Experiments(List<Experiment> experiments) implements CborSerializable {
    public Optional<Experiment> running() {
      return experiments.stream().filter(Experiment::running).findFirst();
    }
  }

  public record GetVersions(ActorRef<Versions> replyTo) implements Command {}

  public record Stop() implements Command {}

  /**
   * The current version; empty before the first publish (the node's settings apply). {@code experiment}:
   * the one running, which a new conversation's configuration depends on.
   */
  public record Current(Optional<Version> version, Optional<Experiment> experiment) implements CborSerializable {
    public Current {
      // A node from before experiments sends none.
      experiment = experiment == null ? Optional.empty() : experiment;
    }

    public Current(Optional<Version> version) {
      this(version, Optional.empty());
    }
  }

  public record Versions(List<Version> versions) implements CborSerializable {}

  /** The draft, if the tenant keeps one. */
  public record DraftAnswer(Optional<Draft> draft) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record Published(Version version) implements Event {}

  public record DraftSaved(Draft draft) implements Event {}

  /** The draft was published or discarded. */
  public record DraftCleared(int number, Instant at) implements Event {}

  public record ExperimentStarted(Experiment experiment) implements Event {}

  public record ExperimentEnded(int id, Experiment.Ending ending) implements Event {}

  /** @param drafts how many drafts were ever saved: the next one's number is one more */
  public record State(List<Version> versions, Optional<Draft> draft, int drafts, List<Experiment> experiments)
      implements CborSerializable {
    public State {
      versions = List.copyOf(versions);
      draft = draft == null ? Optional.empty() : draft;
      experiments = experiments == null ? List.of() : List.copyOf(experiments);
    }

    Optional<Experiment> running() {
      return experiments.isEmpty() ? Optional.empty()
          : Optional.of(experiments.get(experiments.size() - 1)).filter(Experiment::running);
    }

    Optional<Experiment> experiment(int id) {
      return id >= 1 && id <= experiments.size() ? Optional.of(experiments.get(id - 1)) : Optional.empty();
    }

    State withExperiment(Experiment started) {
      List<Experiment> all = new ArrayList<>(experiments);
      all.add(started);
      return new State(versions, draft, drafts, all);
    }

    State withEnded(int id, Experiment.Ending ending) {
      List<Experiment> all = new ArrayList<>(experiments);
      all.set(id - 1, all.get(id - 1).endedWith(ending));
      return new State(versions, draft, drafts, all);
    }

    Optional<Version> current() {
      return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    Optional<Version> version(int n) {
      return n >= 1 && n <= versions.size() ? Optional.of(versions.get(n - 1)) : Optional.empty();
    }

    State with(Version published) {
      List<Version> all = new ArrayList<>(versions);
      all.add(published);
      return new State(all, draft, drafts, experiments);
    }

    State withDraft(Draft saved) {
      return new State(versions, Optional.of(saved), saved.number(), experiments);
    }

    State withoutDraft() {
      return new State(versions, Optional.empty(), drafts, experiments);
    }
  }

  /**
   * The event types this entity writes that a recent release introduced. An experiment's end is
   * never held back: its start, which the gate held until every member read it, is in the journal.
   */
  static final ReleaseGate INTRODUCED = new ReleaseGate(Map.of(ExperimentStarted.class, 1, ExperimentEnded.class, 1));

  /** An entity whose node has no cluster, or no member of an older release. */
  public static Behavior<Command> create(String tenant, Clock clock) {
    return create(tenant, clock, MemberReleases::none);
  }

  public static Behavior<Command> create(String tenant, Clock clock, Supplier<MemberReleases> members) {
    return new TenantBotConfig(tenant, clock, members);
  }

  private final Clock clock;
  private final Supplier<MemberReleases> members;

  private TenantBotConfig(String tenant, Clock clock, Supplier<MemberReleases> members) {
    super(PersistenceId.of(ENTITY_KEY.name(), tenant));
    this.clock = clock;
    this.members = members;
  }

  @Override
  public State emptyState() {
    return new State(List.of(), Optional.empty(), 0, List.of());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Publish.class, this::onPublish)
        .onCommand(Rollback.class, this::onRollback)
        .onCommand(GetCurrent.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            new Current(state.current(), state.running())))
        .onCommand(GetVersions.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new Versions(state.versions())))
        .onCommand(SaveDraft.class, this::onSaveDraft)
        .onCommand(GetDraft.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new DraftAnswer(state.draft())))
        .onCommand(PublishDraft.class, this::onPublishDraft)
        .onCommand(DiscardDraft.class, this::onDiscardDraft)
        .onCommand(StartExperiment.class, this::onStartExperiment)
        .onCommand(StopExperiment.class, this::onStopExperiment)
        .onCommand(PromoteExperiment.class, this::onPromoteExperiment)
        .onCommand(GetExperiments.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new Experiments(state.experiments())))
        .onCommand(Stop.class, cmd -> Effect().stop().thenNoReply())
        .build();
  }

  private ReplyEffect<Event, State> onSaveDraft(State state, SaveDraft cmd) {
    Optional<Refusal> stale = stale(state, cmd.baseVersion());
    if (stale.isPresent()) return Effect().reply(cmd.replyTo(), StatusReply.error(stale.get()));
    Draft draft = new Draft(state.drafts() + 1, cmd.config(), cmd.author(), cmd.message(), clock.instant());
    return Effect().persist(new DraftSaved(draft)).thenReply(cmd.replyTo(), after -> StatusReply.success(draft));
  }

  private ReplyEffect<Event, State> onPublishDraft(State state, PublishDraft cmd) {
    if (state.draft().isEmpty()) return Effect().reply(cmd.replyTo(), StatusReply.error(noDraft()));
    Optional<Refusal> stale = stale(state, cmd.baseVersion()).or(() -> replacedDraft(state.draft().get(), cmd.draft()));
    if (stale.isPresent()) return Effect().reply(cmd.replyTo(), StatusReply.error(stale.get()));
    Draft draft = state.draft().get();
    String message = draft.message().isEmpty() ? "draft " + draft.number() : draft.message();
    Version next = new Version(state.versions().size() + 1, draft.config(), cmd.author(), message, clock.instant());
    List<Event> events = new ArrayList<>(List.of(new Published(next), new DraftCleared(draft.number(), next.at())));
    endedBy(state, Experiment.Reason.PUBLISHED, next).ifPresent(events::add);
    return Effect().persist(events).thenReply(cmd.replyTo(), after -> StatusReply.success(next));
  }

  private ReplyEffect<Event, State> onDiscardDraft(State state, DiscardDraft cmd) {
    if (state.draft().isEmpty()) return Effect().reply(cmd.replyTo(), StatusReply.error(noDraft()));
    Draft draft = state.draft().get();
    return Effect().persist(new DraftCleared(draft.number(), clock.instant()))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(draft));
  }

  /**
   * The precondition of a change written from live version {@code base}: checked here, by the
   * tenant's single writer, so two admins cannot both pass it.
   */
  private static Optional<Refusal> stale(State state, Optional<Integer> base) {
    int live = state.versions().size();
    if (base.isEmpty() || base.get() == live) return Optional.empty();
    return Optional.of(Refusal.of(ErrorCode.CONFLICT, (live == 0 ? "no version" : "version " + live)
        + " is live, not " + (base.get() == 0 ? "no version" : "version " + base.get())
        + " as this change assumed: compare with it, then try again"));
  }

  /** A publish meant for draft {@code meant} when another has been saved since: checked by the single writer, like {@link #stale}. */
  private static Optional<Refusal> replacedDraft(Draft saved, Optional<Integer> meant) {
    if (meant.isEmpty() || meant.get() == saved.number()) return Optional.empty();
    return Optional.of(Refusal.of(ErrorCode.CONFLICT, "draft " + saved.number() + " is saved, not draft " + meant.get()
        + " as this publish assumed: review and evaluate draft " + saved.number() + ", then publish it"));
  }

  private static Refusal noDraft() {
    return Refusal.of(ErrorCode.NOT_FOUND, "no draft: save one with PUT /v1/config/draft");
  }

  private ReplyEffect<Event, State> onPublish(State state, Publish cmd) {
    Optional<Refusal> stale = stale(state, cmd.baseVersion());
    if (stale.isPresent()) return Effect().reply(cmd.replyTo(), StatusReply.error(stale.get()));
    Optional<Version> current = state.current();
    if (current.isPresent() && current.get().config().equals(cmd.config())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(current.get()));
    }
    return publish(state, cmd.config(), cmd.author(), cmd.message(), Experiment.Reason.PUBLISHED, cmd.replyTo());
  }

  private ReplyEffect<Event, State> onRollback(State state, Rollback cmd) {
    Optional<Refusal> stale = stale(state, cmd.baseVersion());
    if (stale.isPresent()) return Effect().reply(cmd.replyTo(), StatusReply.error(stale.get()));
    Optional<Version> old = state.version(cmd.version());
    if (old.isEmpty()) {
      return Effect().reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND,
          "no version " + cmd.version() + " (there are " + state.versions().size() + ")")));
    }
    return publish(state, old.get().config(), cmd.author(), "rollback to version " + cmd.version(),
        Experiment.Reason.ROLLED_BACK, cmd.replyTo());
  }

  /** Publishes {@code config} as the next version; a running experiment ends for {@code reason}. */
  private ReplyEffect<Event, State> publish(State state, BotConfig config, String author, String message,
      Experiment.Reason reason, ActorRef<StatusReply<Version>> replyTo) {
    Version next = new Version(state.versions().size() + 1, config, author, message, clock.instant());
    List<Event> events = new ArrayList<>(List.of(new Published(next)));
    endedBy(state, reason, next).ifPresent(events::add);
    return Effect().persist(events).thenReply(replyTo, after -> StatusReply.success(next));
  }

  private ReplyEffect<Event, State> onStartExperiment(State state, StartExperiment cmd) {
    if (!INTRODUCED.writable(ExperimentStarted.class, members.get())) {
      return refuse(cmd.replyTo(), ErrorCode.UNAVAILABLE, INTRODUCED.notYet(ExperimentStarted.class));
    }
    Optional<Experiment> running = state.running();
    if (running.isPresent()) {
      return refuse(cmd.replyTo(), ErrorCode.CONFLICT, "experiment " + running.get().id()
          + " is running: stop or promote it first (one experiment at a time)");
    }
    Optional<Version> live = state.current();
    if (live.isEmpty()) {
      return refuse(cmd.replyTo(), ErrorCode.CONFLICT, "no version is live to compare with: publish one first");
    }
    if (!(cmd.share() > 0 && cmd.share() < 1)) {
      return refuse(cmd.replyTo(), ErrorCode.BAD_REQUEST, "share: a number between 0 and 1 (exclusive)");
    }
    Optional<Experiment.Candidate> candidate = cmd.version()
        .map(n -> state.version(n).map(v -> new Experiment.Candidate(n, false, v.config())))
        .orElseGet(() -> state.draft().map(d -> new Experiment.Candidate(d.number(), true, d.config())));
    if (candidate.isEmpty()) {
      return refuse(cmd.replyTo(), ErrorCode.NOT_FOUND, cmd.version().map(n -> "no version " + n + " (there are "
          + state.versions().size() + ")").orElse("no draft: save one with PUT /v1/config/draft"));
    }
    if (!candidate.get().draft() && candidate.get().number() == live.get().version()) {
      return refuse(cmd.replyTo(), ErrorCode.BAD_REQUEST,
          "version " + live.get().version() + " is live: choose the draft or another version to compare with it");
    }
    Experiment experiment = new Experiment(state.experiments().size() + 1, candidate.get(), cmd.share(),
        live.get().version(), cmd.author(), clock.instant(), Optional.empty());
    return Effect().persist(new ExperimentStarted(experiment))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(experiment));
  }

  private ReplyEffect<Event, State> onStopExperiment(State state, StopExperiment cmd) {
    Optional<Refusal> refusal = notRunning(state, cmd.id());
    if (refusal.isPresent()) return Effect().reply(cmd.replyTo(), StatusReply.error(refusal.get()));
    Experiment.Ending ending = new Experiment.Ending(Experiment.Reason.STOPPED, cmd.author(), clock.instant(),
        Optional.empty());
    return Effect().persist(new ExperimentEnded(cmd.id(), ending))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(after.experiments().get(cmd.id() - 1)));
  }

  private ReplyEffect<Event, State> onPromoteExperiment(State state, PromoteExperiment cmd) {
    Optional<Refusal> refusal = notRunning(state, cmd.id());
    if (refusal.isPresent()) return Effect().reply(cmd.replyTo(), StatusReply.error(refusal.get()));
    Experiment.Candidate candidate = state.experiments().get(cmd.id() - 1).candidate();
    Version next = new Version(state.versions().size() + 1, candidate.config(), cmd.author(),
        "experiment " + cmd.id() + ": " + candidate.name() + " promoted", clock.instant());
    List<Event> events = new ArrayList<>(List.of(new Published(next),
        new ExperimentEnded(cmd.id(), new Experiment.Ending(Experiment.Reason.PROMOTED, cmd.author(), next.at(),
            Optional.of(next.version())))));
    // The draft that was tried, still unchanged, is now live: it is cleared as a publish of it would.
    state.draft().filter(draft -> candidate.draft() && draft.number() == candidate.number())
        .ifPresent(draft -> events.add(new DraftCleared(draft.number(), next.at())));
    return Effect().persist(events).thenReply(cmd.replyTo(), after -> StatusReply.success(next));
  }

  /** The event that ends the running experiment, if any, because {@code published} went live otherwise. */
  private static Optional<Event> endedBy(State state, Experiment.Reason reason, Version published) {
    return state.running().map(experiment -> new ExperimentEnded(experiment.id(), new Experiment.Ending(reason,
        published.author(), published.at(), Optional.of(published.version()))));
  }

  private static Optional<Refusal> notRunning(State state, int id) {
    Optional<Experiment> experiment = state.experiment(id);
    if (experiment.isEmpty()) return Optional.of(Refusal.of(ErrorCode.NOT_FOUND, "no experiment " + id));
    return experiment.get().ended().map(ending -> Refusal.of(ErrorCode.CONFLICT,
        "experiment " + id + " has ended (" + ending.reason().wireName() + ")"));
  }

  private <T> ReplyEffect<Event, State> refuse(ActorRef<StatusReply<T>> replyTo,
      ErrorCode code, String message) {
    return Effect().reply(replyTo, StatusReply.error(Refusal.of(code, message)));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Published.class, (state, event) -> state.with(event.version()))
        .onEvent(DraftSaved.class, (state, event) -> state.withDraft(event.draft()))
        .onEvent(DraftCleared.class, (state, event) -> state.withoutDraft())
        .onEvent(ExperimentStarted.class, (state, event) -> state.withExperiment(event.experiment()))
        .onEvent(ExperimentEnded.class, (state, event) -> state.withEnded(event.id(), event.ending()))
        .build();
  }
}
