package io.parley.sessions.bot;

import io.parley.core.CborSerializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * Which tenant each dialled number belongs to, across the cluster: one sharded, event-sourced
 * entity ({@link #ID}) holding every tenant's claimed numbers, those of its live version and those
 * of its draft. Being one entity, it is the single writer of all claims, so two tenants publishing
 * the same number at once on two nodes are decided one after the other: the second is refused.
 * The phone bridge asks it which tenant a call's number reaches ({@link Find}).
 *
 * <p>A claim replaces the tenant's set for that {@link Stage}: numbers it no longer lists are
 * released. The same set again persists nothing.
 */
public final class PhoneDirectory
    extends EventSourcedBehaviorWithEnforcedReplies<PhoneDirectory.Command, PhoneDirectory.Event, PhoneDirectory.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "PhoneDirectory");
  /** The one entity's id: the directory is small (tenants' support lines), and one writer keeps claims unique. */
  public static final String ID = "numbers";

  /** Whose numbers: the live version's, or the draft's (a call to one reaches a test session on the draft). */
  public enum Stage { LIVE, DRAFT }

  public sealed interface Command extends CborSerializable {}

  /**
   * Makes {@code numbers} the tenant's for {@code stage}, unless another tenant holds any of them:
   * replies {@link Claimed} with those numbers (none: claimed).
   */
  public record Claim(String tenant, Stage stage, List<String> numbers, ActorRef<Claimed> replyTo) implements Command {}

  /** Replies the tenant {@code number} reaches ({@link Found}). */
  public record Find(String number, ActorRef<Found> replyTo) implements Command {}

  public record Stop() implements Command {}

  /** {@code taken}: the numbers another tenant holds, which nothing was claimed for. */
  public record Claimed(List<String> taken) implements CborSerializable {
    public boolean claimed() {
      return taken.isEmpty();
    }
  }

  /**
   * The tenant a number reaches, if any; {@code draftOnly} when only its draft lists it;
   * {@code anyClaimed} whether any tenant has any number (none: the quick start's routing applies).
   */
  public record Found(Optional<String> tenant, boolean draftOnly, boolean anyClaimed) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  /** The tenant's numbers for {@code stage} are now {@code numbers} (in order, each once). */
  public record NumbersClaimed(String tenant, Stage stage, List<String> numbers) implements Event {}

  /** A tenant's claims. */
  public record TenantNumbers(List<String> live, List<String> draft) implements CborSerializable {
    public TenantNumbers {
      live = List.copyOf(live);
      draft = List.copyOf(draft);
    }

    List<String> of(Stage stage) {
      return stage == Stage.LIVE ? live : draft;
    }

    boolean holds(String number) {
      return live.contains(number) || draft.contains(number);
    }

    TenantNumbers with(Stage stage, List<String> numbers) {
      return stage == Stage.LIVE ? new TenantNumbers(numbers, draft) : new TenantNumbers(live, numbers);
    }
  }

  public record State(Map<String, TenantNumbers> tenants) implements CborSerializable {
    public State {
      tenants = Map.copyOf(tenants);
    }

    List<String> takenFrom(String tenant, List<String> numbers) {
      List<String> taken = new ArrayList<>();
      tenants.forEach((other, held) -> {
        if (!other.equals(tenant)) numbers.stream().filter(held::holds).forEach(taken::add);
      });
      return List.copyOf(new TreeSet<>(taken));
    }

    List<String> of(String tenant, Stage stage) {
      return Optional.ofNullable(tenants.get(tenant)).map(held -> held.of(stage)).orElse(List.of());
    }

    Found find(String number) {
      boolean any = tenants.values().stream().anyMatch(held -> !held.live().isEmpty() || !held.draft().isEmpty());
      for (Map.Entry<String, TenantNumbers> entry : tenants.entrySet()) {
        if (entry.getValue().holds(number)) {
          return new Found(Optional.of(entry.getKey()), !entry.getValue().live().contains(number), any);
        }
      }
      return new Found(Optional.empty(), false, any);
    }

    State with(NumbersClaimed claimed) {
      Map<String, TenantNumbers> all = new HashMap<>(tenants);
      TenantNumbers held = all.getOrDefault(claimed.tenant(), new TenantNumbers(List.of(), List.of()))
          .with(claimed.stage(), claimed.numbers());
      if (held.live().isEmpty() && held.draft().isEmpty()) all.remove(claimed.tenant());
      else all.put(claimed.tenant(), held);
      return new State(all);
    }
  }

  public static Behavior<Command> create() {
    return new PhoneDirectory();
  }

  private PhoneDirectory() {
    super(PersistenceId.of(ENTITY_KEY.name(), ID));
  }

  @Override
  public State emptyState() {
    return new State(Map.of());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Claim.class, this::onClaim)
        .onCommand(Find.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state.find(cmd.number())))
        .onCommand(Stop.class, cmd -> Effect().stop().thenNoReply())
        .build();
  }

  private ReplyEffect<Event, State> onClaim(State state, Claim cmd) {
    List<String> numbers = cmd.numbers().stream().distinct().toList();
    List<String> taken = state.takenFrom(cmd.tenant(), numbers);
    if (!taken.isEmpty() || state.of(cmd.tenant(), cmd.stage()).equals(numbers)) {
      return Effect().reply(cmd.replyTo(), new Claimed(taken));
    }
    return Effect().persist(new NumbersClaimed(cmd.tenant(), cmd.stage(), numbers))
        .thenReply(cmd.replyTo(), after -> new Claimed(List.of()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(NumbersClaimed.class, State::with)
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }
}
