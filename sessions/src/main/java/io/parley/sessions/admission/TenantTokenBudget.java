package io.parley.sessions.admission;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.core.CborSerializable;
import io.parley.core.bot.UsageLimits;
import io.parley.core.limits.BudgetAlerts;
import io.parley.core.limits.BudgetLevel;
import io.parley.core.session.SessionId;
import io.parley.sessions.bot.BotConfigs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The model tokens one tenant spent today, across all its sessions and all nodes: a sharded,
 * event-sourced entity, id = the tenant.
 *
 * <p>Sessions record each answered turn's usage ({@link RecordUsage}, idempotent on the turn key
 * {@code <session>/<turnId>}) and ask for the {@link Standing} before admitting a user message
 * ({@link Check}). Days are UTC days: the usage counts in the day its answer was persisted, and a new
 * day starts with nothing spent without any event marking it (the state simply belongs to an older
 * day). Only today's turn keys are remembered, and only the latest {@link #REMEMBERED_KEYS} of them:
 * a repeated record is a retry, which comes within minutes, so older keys are not needed.
 *
 * <p>The limit is the tenant's live bot configuration's ({@code limits.tokensPerDay}), never more
 * than the operator's ({@code PARLEY_TENANT_TOKEN_BUDGETS}, {@code PARLEY_TENANT_TOKENS_PER_DAY}):
 * the entity asks the configuration again when what it heard is older than {@link #LIMIT_FRESH_FOR},
 * holding the commands (stashed) until it hears, so a published limit binds within that time. When
 * today's use reaches 80 % and 100 % of the limit it tells the tenant ({@link BudgetAlerts}), once
 * per level in this incarnation; the alert itself is once per day and level.
 */
public final class TenantTokenBudget
    extends EventSourcedBehaviorWithEnforcedReplies<TenantTokenBudget.Command, TenantTokenBudget.Event, TenantTokenBudget.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "TenantTokenBudget");
  /**
   * The same daily count, of the characters a tenant's calls sent to a premium text-to-speech engine
   * (a "turn key" is then a sentence's): its budget is in the tenant's bot configuration, which the
   * voice tier policy reads, so the entity itself keeps no limit.
   */
  public static final EntityTypeKey<Command> VOICE_SPEND_KEY = EntityTypeKey.create(Command.class, "TenantVoiceSpend");
  /** The budget line of customers' conversations: every usage recorded without one. */
  public static final String CONVERSATIONS = "conversations";
  /** The budget line of evaluation runs: their sessions' turns, the judge and the simulated customer. */
  public static final String EVALUATION = "evaluation";
  static final int REMEMBERED_KEYS = 2_000;
  static final Duration LIMIT_FRESH_FOR = Duration.ofSeconds(1);

  public sealed interface Command extends CborSerializable {}

  /** Replies the tenant's standing today. */
  public record Check(ActorRef<Standing> replyTo) implements Command {}

  /**
   * Adds a turn's tokens to the day it was answered in, on the budget's {@code line}
   * ({@link #CONVERSATIONS}, {@link #EVALUATION}); a turn key seen before, a day already over or a
   * count below 1 persists nothing. Replies the standing today.
   */
  public record RecordUsage(String turnKey, long tokens, Instant answeredAt, String line, ActorRef<Standing> replyTo)
      implements Command {
    public RecordUsage {
      line = line == null ? CONVERSATIONS : line;
    }

    /** A usage of a customer's conversation. */
    public RecordUsage(String turnKey, long tokens, Instant answeredAt, ActorRef<Standing> replyTo) {
      this(turnKey, tokens, answeredAt, CONVERSATIONS, replyTo);
    }
  }

  /** The sharding stop message. */
  public record Stop() implements Command {}

  /** The tenant's live configuration's limits (none: it has no configuration), or the failure to hear them. */
  private record LimitHeard(UsageLimits limits, Optional<String> failure) implements Command {}

  /**
   * What the tenant used today of its {@code limit} (0: no limit), and when today ends;
   * {@code lines}: today's use per budget line, adding up to {@code used}.
   */
  public record Standing(long used, long limit, Instant resetsAt, Map<String, Long> lines) implements CborSerializable {
    public Standing {
      lines = lines == null ? Map.of() : Map.copyOf(lines);
    }

    /** A standing whose use is all customers' conversations'. */
    public Standing(long used, long limit, Instant resetsAt) {
      this(used, limit, resetsAt, used > 0 ? Map.of(CONVERSATIONS, used) : Map.of());
    }

    public boolean exhausted() {
      return limit > 0 && used >= limit;
    }
  }

  public sealed interface Event extends CborSerializable {}

  /** A turn's tokens, on {@code line}: none for {@link #CONVERSATIONS} (events written before lines have none). */
  public record TokensRecorded(String turnKey, long tokens, Instant answeredAt,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> line) implements Event {
    public TokensRecorded {
      line = line == null ? Optional.empty() : line.filter(name -> !name.equals(CONVERSATIONS));
    }

    public TokensRecorded(String turnKey, long tokens, Instant answeredAt) {
      this(turnKey, tokens, answeredAt, Optional.empty());
    }

    String lineName() {
      return line.orElse(CONVERSATIONS);
    }
  }

  /**
   * The tokens used on {@code day}, the latest turn keys recorded that day, oldest first, and the
   * part of {@code used} each line other than {@link #CONVERSATIONS} took ({@code otherLines}; the
   * conversations' is the rest).
   */
  public record State(LocalDate day, long used, List<String> recentKeys,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> otherLines) implements CborSerializable {
    public State {
      recentKeys = List.copyOf(recentKeys);
      otherLines = otherLines == null ? Map.of() : Map.copyOf(otherLines);
    }

    public State(LocalDate day, long used, List<String> recentKeys) {
      this(day, used, recentKeys, Map.of());
    }

    static State empty() {
      return new State(LocalDate.EPOCH, 0, List.of());
    }

    long usedOn(LocalDate today) {
      return day.equals(today) ? used : 0;
    }

    /** Today's use per line, every line with some use. */
    Map<String, Long> linesOn(LocalDate today) {
      if (!day.equals(today)) return Map.of();
      Map<String, Long> lines = new TreeMap<>(otherLines);
      long conversations = used - otherLines.values().stream().mapToLong(Long::longValue).sum();
      if (conversations > 0) lines.put(CONVERSATIONS, conversations);
      return lines;
    }

    /** Whether a record of {@code turnKey} answered on {@code answeredOn} changes nothing. */
    boolean alreadyCounted(String turnKey, LocalDate answeredOn) {
      return answeredOn.isBefore(day) || (answeredOn.equals(day) && recentKeys.contains(turnKey));
    }

    State record(TokensRecorded event) {
      LocalDate answeredOn = dayOf(event.answeredAt());
      Map<String, Long> lines = new TreeMap<>(answeredOn.equals(day) ? otherLines : Map.of());
      event.line().ifPresent(line -> lines.merge(line, event.tokens(), Long::sum));
      if (!answeredOn.equals(day)) return new State(answeredOn, event.tokens(), List.of(event.turnKey()), lines);
      List<String> keys = new ArrayList<>(recentKeys);
      keys.add(event.turnKey());
      if (keys.size() > REMEMBERED_KEYS) keys.remove(0);
      return new State(day, used + event.tokens(), keys, lines);
    }
  }

  /**
   * The tenant's tokens, limited by its live configuration in {@code configs} within the operator's
   * {@code settings}; {@code alerts} hears when today's use reaches 80 % and 100 %.
   */
  public static Behavior<Command> create(String tenant, TenantBudgetSettings settings, int snapshotEvery,
      BotConfigs configs, BudgetAlerts alerts, Clock clock) {
    return Behaviors.setup(ctx -> new TenantTokenBudget(ENTITY_KEY, SessionId.requireTenant(tenant),
        settings.limitFor(tenant), snapshotEvery, clock, Optional.of(new LiveLimit(ctx, configs, alerts))));
  }

  /** The tenant's tokens, limited by the operator's {@code settings} alone and telling nobody. */
  public static Behavior<Command> create(String tenant, TenantBudgetSettings settings, int snapshotEvery, Clock clock) {
    return create(tenant, settings, snapshotEvery, BotConfigs.none(), BudgetAlerts.none(), clock);
  }

  /** The tenant's premium voice spend today ({@link #VOICE_SPEND_KEY}), with no limit of its own. */
  public static Behavior<Command> voiceSpend(String tenant, int snapshotEvery, Clock clock) {
    return new TenantTokenBudget(VOICE_SPEND_KEY, SessionId.requireTenant(tenant), 0, snapshotEvery, clock,
        Optional.empty());
  }

  /** Where the limit comes from and whom it tells, for the token budget (the voice spend has neither). */
  private record LiveLimit(ActorContext<Command> context, BotConfigs configs, BudgetAlerts alerts) {}

  static LocalDate dayOf(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private final String tenant;
  private final long operatorLimit;
  private final int snapshotEvery;
  private final Clock clock;
  private final Optional<LiveLimit> live;
  // What the incarnation heard last, never persisted: a restart asks the configuration again.
  private long limit;
  private Instant limitHeardAt = Instant.MIN;
  private boolean askingLimit;
  private LocalDate alertedOn = LocalDate.EPOCH;
  private BudgetLevel alerted = BudgetLevel.UNDER;

  private TenantTokenBudget(EntityTypeKey<Command> key, String tenant, long operatorLimit, int snapshotEvery, Clock clock,
      Optional<LiveLimit> live) {
    super(PersistenceId.of(key.name(), tenant),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.tenant = tenant;
    this.operatorLimit = operatorLimit;
    this.limit = operatorLimit;
    this.snapshotEvery = snapshotEvery;
    this.clock = clock;
    this.live = live;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Check.class, (state, cmd) -> limitStale() ? awaitLimit() : Effect().reply(cmd.replyTo(), told(state)))
        .onCommand(RecordUsage.class, (state, cmd) -> limitStale() ? awaitLimit() : onRecordUsage(state, cmd))
        .onCommand(LimitHeard.class, this::onLimitHeard)
        .onCommand(Stop.class, cmd -> Effect().stop().thenNoReply())
        .build();
  }

  private ReplyEffect<Event, State> onRecordUsage(State state, RecordUsage cmd) {
    if (cmd.tokens() < 1 || state.alreadyCounted(cmd.turnKey(), dayOf(cmd.answeredAt()))) {
      return Effect().reply(cmd.replyTo(), told(state));
    }
    return Effect()
        .persist(new TokensRecorded(cmd.turnKey(), cmd.tokens(), cmd.answeredAt(), Optional.of(cmd.line())))
        .thenReply(cmd.replyTo(), this::told);
  }

  private boolean limitStale() {
    return live.isPresent() && !clock.instant().isBefore(limitHeardAt.plus(LIMIT_FRESH_FOR));
  }

  /** Holds the command until the tenant's live configuration is heard (asked once at a time). */
  private ReplyEffect<Event, State> awaitLimit() {
    LiveLimit source = live.orElseThrow();
    if (!askingLimit) {
      askingLimit = true;
      source.context().pipeToSelf(source.configs().current(tenant), (config, failure) -> failure != null
          ? new LimitHeard(UsageLimits.none(), Optional.of(failure.toString()))
          : new LimitHeard(config.map(pinned -> pinned.config().usageLimits()).orElse(UsageLimits.none()), Optional.empty()));
    }
    return Effect().stash();
  }

  /** A configuration that does not answer leaves the limit as it was, and is asked again when that is stale. */
  private ReplyEffect<Event, State> onLimitHeard(State state, LimitHeard heard) {
    askingLimit = false;
    limitHeardAt = clock.instant();
    if (heard.failure().isPresent()) {
      live.orElseThrow().context().getLog().atWarn().addKeyValue("tenant", tenant)
          .log("bot configuration unavailable, the daily token limit stays {}: {}", limit, heard.failure().get());
    } else {
      limit = heard.limits().tokensPerDay(operatorLimit);
    }
    return Effect().none().thenNoReply().thenUnstashAll();
  }

  /** The standing, after telling the tenant of each level it reached since it was last told today. */
  private Standing told(State state) {
    Standing standing = standing(state);
    live.ifPresent(source -> {
      LocalDate today = dayOf(clock.instant());
      if (!today.equals(alertedOn)) {
        alertedOn = today;
        alerted = BudgetLevel.UNDER;
      }
      BudgetLevel level = BudgetLevel.of(standing.used(), standing.limit());
      level.reachedSince(alerted)
          .forEach(l -> source.alerts().reached(tenant, l, standing.used(), standing.limit(), today));
      if (level.compareTo(alerted) > 0) alerted = level;
    });
    return standing;
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(TokensRecorded.class, State::record).build();
  }

  private Standing standing(State state) {
    LocalDate today = dayOf(clock.instant());
    return new Standing(state.usedOn(today), limit, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        state.linesOn(today));
  }
}
