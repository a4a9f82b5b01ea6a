package io.parley.sessions.bot;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.bot.TenantBotConfig.Event;
import io.parley.sessions.bot.TenantBotConfig.ExperimentEnded;
import io.parley.sessions.bot.TenantBotConfig.ExperimentStarted;
import io.parley.sessions.bot.TenantBotConfig.State;
import io.parley.sessions.bot.TenantBotConfig.Version;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** The experiment commands of a tenant's configuration entity: start, stop, promote. */
record ExperimentCommands(EffectFactories<Event, State> effect, Clock clock) {

  ReplyEffect<Event, State> onStart(State state, TenantBotConfig.StartExperiment cmd) {
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
    return effect.persist(new ExperimentStarted(experiment))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(experiment));
  }

  ReplyEffect<Event, State> onStop(State state, TenantBotConfig.StopExperiment cmd) {
    Optional<Refusal> refusal = notRunning(state, cmd.id());
    if (refusal.isPresent()) return effect.reply(cmd.replyTo(), StatusReply.error(refusal.get()));
    Experiment.Ending ending = new Experiment.Ending(Experiment.Reason.STOPPED, cmd.author(), clock.instant(),
        Optional.empty());
    return effect.persist(new ExperimentEnded(cmd.id(), ending))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(after.experiments().get(cmd.id() - 1)));
  }

  ReplyEffect<Event, State> onPromote(State state, TenantBotConfig.PromoteExperiment cmd) {
    Optional<Refusal> refusal = notRunning(state, cmd.id());
    if (refusal.isPresent()) return effect.reply(cmd.replyTo(), StatusReply.error(refusal.get()));
    Experiment.Candidate candidate = state.experiments().get(cmd.id() - 1).candidate();
    Version next = new Version(state.versions().size() + 1, candidate.config(), cmd.author(),
        "experiment " + cmd.id() + ": " + candidate.name() + " promoted", clock.instant());
    List<Event> events = new ArrayList<>(List.of(new TenantBotConfig.Published(next),
        new ExperimentEnded(cmd.id(), new Experiment.Ending(Experiment.Reason.PROMOTED, cmd.author(), next.at(),
            Optional.of(next.version())))));
    // The draft that was tried, still unchanged, is now live: it is cleared as a publish of it would.
    state.draft().filter(draft -> candidate.draft() && draft.number() == candidate.number())
        .ifPresent(draft -> events.add(new TenantBotConfig.DraftCleared(draft.number(), next.at())));
    return effect.persist(events).thenReply(cmd.replyTo(), after -> StatusReply.success(next));
  }

  /** The event that ends the running experiment, if any, because {@code published} went live otherwise. */
  static Optional<Event> endedBy(State state, Experiment.Reason reason, Version published) {
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
    return effect.reply(replyTo, StatusReply.error(Refusal.of(code, message)));
  }
}
