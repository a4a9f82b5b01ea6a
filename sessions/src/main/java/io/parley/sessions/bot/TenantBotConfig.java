package io.parley.sessions.bot;

import io.parley.core.CborSerializable;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  public sealed interface Command extends CborSerializable {}

  /** Publishes {@code config} as the next version; the same configuration as the current one publishes nothing. */
  public record Publish(BotConfig config, String author, String message, ActorRef<StatusReply<Version>> replyTo)
      implements Command {}

  /** Publishes version {@code version}'s configuration again, as a new version. */
  public record Rollback(int version, String author, ActorRef<StatusReply<Version>> replyTo) implements Command {}

  public record GetCurrent(ActorRef<Current> replyTo) implements Command {}

  public record GetVersions(ActorRef<Versions> replyTo) implements Command {}

  public record Stop() implements Command {}

  /** The current version; empty before the first publish (the node's settings apply). */
  public record Current(Optional<Version> version) implements CborSerializable {}

  public record Versions(List<Version> versions) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record Published(Version version) implements Event {}

  public record State(List<Version> versions) implements CborSerializable {
    public State {
      versions = List.copyOf(versions);
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
      return new State(all);
    }
  }

  public static Behavior<Command> create(String tenant, Clock clock) {
    return new TenantBotConfig(tenant, clock);
  }

  private final Clock clock;

  private TenantBotConfig(String tenant, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), tenant));
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Publish.class, this::onPublish)
        .onCommand(Rollback.class, this::onRollback)
        .onCommand(GetCurrent.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new Current(state.current())))
        .onCommand(GetVersions.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new Versions(state.versions())))
        .onCommand(Stop.class, cmd -> Effect().stop().thenNoReply())
        .build();
  }

  private ReplyEffect<Event, State> onPublish(State state, Publish cmd) {
    Optional<Version> current = state.current();
    if (current.isPresent() && current.get().config().equals(cmd.config())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(current.get()));
    }
    return publish(state, cmd.config(), cmd.author(), cmd.message(), cmd.replyTo());
  }

  private ReplyEffect<Event, State> onRollback(State state, Rollback cmd) {
    Optional<Version> old = state.version(cmd.version());
    if (old.isEmpty()) {
      return Effect().reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND,
          "no version " + cmd.version() + " (there are " + state.versions().size() + ")")));
    }
    return publish(state, old.get().config(), cmd.author(), "rollback to version " + cmd.version(), cmd.replyTo());
  }

  private ReplyEffect<Event, State> publish(State state, BotConfig config, String author, String message,
      ActorRef<StatusReply<Version>> replyTo) {
    Version next = new Version(state.versions().size() + 1, config, author, message, clock.instant());
    return Effect().persist(new Published(next))
        .thenReply(replyTo, after -> StatusReply.success(next));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Published.class, (state, event) -> state.with(event.version()))
        .build();
  }
}
