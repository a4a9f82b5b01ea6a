package io.parley.sessions.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.core.bot.BotConfigBuilder;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.UsageLimits;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.limits.BudgetAlerts;
import io.parley.core.testing.SteppedClock;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.admission.TenantTokenBudget.Standing;
import io.parley.sessions.bot.BotConfigs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A tenant's daily token budget: idempotent records, the UTC day boundary, the limit, recovery. */
class TenantTokenBudgetTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private static final Instant MORNING = Instant.parse("2026-11-21T09:00:00Z");
  private static final Instant MIDNIGHT = Instant.parse("2026-11-22T00:00:00Z");

  private final SteppedClock clock = new SteppedClock(MORNING);

  private EventSourcedBehaviorTestKit<TenantTokenBudget.Command, TenantTokenBudget.Event, TenantTokenBudget.State> budget(
      long limit) {
    TenantBudgetSettings settings = new TenantBudgetSettings(0, Map.of("acme", limit), Duration.ofSeconds(1),
        Duration.ofSeconds(1));
    return EventSourcedBehaviorTestKit.create(testKit.system(), TenantTokenBudget.create("acme", settings, 3, clock));
  }

  private static EventSourcedBehaviorTestKit.CommandResultWithReply<TenantTokenBudget.Command, TenantTokenBudget.Event,
      TenantTokenBudget.State, Standing> record(
      EventSourcedBehaviorTestKit<TenantTokenBudget.Command, TenantTokenBudget.Event, TenantTokenBudget.State> kit,
      String turnKey, long tokens, Instant answeredAt) {
    return kit.runCommand(replyTo -> new TenantTokenBudget.RecordUsage(turnKey, tokens, answeredAt, replyTo));
  }

  @Test
  void aTurnIsCountedOnceHoweverOftenItIsRecorded() {
    var kit = budget(1_000);
    var first = record(kit, "s-1/turn-1", 120, MORNING);
    assertEquals(new TenantTokenBudget.TokensRecorded("s-1/turn-1", 120, MORNING),
        first.eventOfType(TenantTokenBudget.TokensRecorded.class));
    assertEquals(new Standing(120, 1_000, MIDNIGHT), first.reply());

    var again = record(kit, "s-1/turn-1", 120, MORNING);
    assertTrue(again.hasNoEvents(), "a repeated record persists nothing");
    assertEquals(120, again.reply().used());

    assertEquals(200, record(kit, "s-2/turn-1", 80, MORNING).reply().used());
    assertTrue(record(kit, "s-2/turn-3", 0, MORNING).hasNoEvents(), "a turn that used nothing is not recorded");
  }

  @Test
  void evaluationTokensAreTheirOwnLineOfTheSameDailyLimitAndSurviveARestart() {
    var kit = budget(1_000);
    record(kit, "s-1/turn-1", 600, MORNING);
    var evaluation = kit.<Standing>runCommand(replyTo -> new TenantTokenBudget.RecordUsage("run-1/case-1", 300, MORNING,
        TenantTokenBudget.EVALUATION, replyTo));
    assertEquals(Optional.of(TenantTokenBudget.EVALUATION),
        evaluation.eventOfType(TenantTokenBudget.TokensRecorded.class).line());
    assertEquals(new Standing(900, 1_000, MIDNIGHT, Map.of("conversations", 600L, "evaluation", 300L)), evaluation.reply());
    kit.restart();
    Standing afterRestart = record(kit, "s-1/turn-3", 100, MORNING).reply();
    assertTrue(afterRestart.exhausted(), "the evaluation's tokens count against the one daily limit");
    assertEquals(Map.of("conversations", 700L, "evaluation", 300L), afterRestart.lines());

    clock.advance(Duration.ofDays(1));
    var nextDay = kit.<Standing>runCommand(replyTo -> new TenantTokenBudget.RecordUsage("run-2/case-1", 50,
        MORNING.plus(Duration.ofDays(1)), TenantTokenBudget.EVALUATION, replyTo)).reply();
    assertEquals(Map.of("evaluation", 50L), nextDay.lines(), "a new day starts every line at nothing");
  }

  @Test
  void theBudgetIsExhaustedAtItsLimitUntilMidnightUtc() {
    var kit = budget(300);
    record(kit, "s-1/turn-1", 299, MORNING);
    Standing belowLimit = kit.<Standing>runCommand(TenantTokenBudget.Check::new).reply();
    assertFalse(belowLimit.exhausted());

    Standing atLimit = record(kit, "s-1/turn-3", 1, MORNING.plusSeconds(60)).reply();
    assertTrue(atLimit.exhausted());
    assertEquals(MIDNIGHT, atLimit.resetsAt());

    clock.advance(Duration.between(MORNING, MIDNIGHT));
    Standing nextDay = kit.<Standing>runCommand(TenantTokenBudget.Check::new).reply();
    assertEquals(new Standing(0, 300, MIDNIGHT.plus(Duration.ofDays(1))), nextDay);
  }

  @Test
  void aNewDayForgetsYesterdaysTurnsAndIgnoresLateRecordsOfThem() {
    var kit = budget(1_000);
    record(kit, "s-1/turn-1", 500, MORNING);
    clock.advance(Duration.ofDays(1));
    Instant nextMorning = MORNING.plus(Duration.ofDays(1));

    var today = record(kit, "s-1/turn-3", 40, nextMorning);
    assertEquals(new Standing(40, 1_000, MIDNIGHT.plus(Duration.ofDays(1))), today.reply());
    assertEquals(java.util.List.of("s-1/turn-3"), kit.getState().recentKeys(), "only today's keys are kept");

    var late = record(kit, "s-1/turn-1", 500, MORNING);
    assertTrue(late.hasNoEvents(), "a retried record of yesterday's turn counts nowhere");
    assertEquals(40, late.reply().used());
  }

  @Test
  void recoversItsDayFromEventsAndSnapshots() {
    var kit = budget(1_000);
    for (int turn = 1; turn <= 5; turn++) record(kit, "s-1/turn-" + turn, 10, MORNING);
    kit.restart();
    assertEquals(50, kit.<Standing>runCommand(TenantTokenBudget.Check::new).reply().used());
    assertTrue(record(kit, "s-1/turn-4", 10, MORNING).hasNoEvents(), "keys survive a restart");
  }

  @Test
  void theDedupeMemoryIsBounded() {
    TenantTokenBudget.State state = TenantTokenBudget.State.empty();
    for (int turn = 0; turn < TenantTokenBudget.REMEMBERED_KEYS + 10; turn++) {
      state = state.record(new TenantTokenBudget.TokensRecorded("s/turn-" + turn, 1, MORNING));
    }
    assertEquals(TenantTokenBudget.REMEMBERED_KEYS, state.recentKeys().size());
    assertEquals(TenantTokenBudget.REMEMBERED_KEYS + 10, state.used());
    assertFalse(state.alreadyCounted("s/turn-0", TenantTokenBudget.dayOf(MORNING)), "the oldest keys are forgotten");
    assertTrue(state.alreadyCounted("s/turn-20", TenantTokenBudget.dayOf(MORNING)));
  }

  @Test
  void limitsComeFromTheDefaultAndPerTenantOverrides() {
    TenantBudgetSettings settings = TenantBudgetSettings.create(ConfigFactory.parseMap(Map.of(
            "parley.tenant-budget.tokens-per-day", "5000",
            "parley.tenant-budget.overrides", "{\"acme\": 100, \"globex\": 0}"))
        .withFallback(ConfigFactory.load()));
    assertEquals(100, settings.limitFor("acme"));
    assertEquals(0, settings.limitFor("globex"));
    assertEquals(5000, settings.limitFor("initech"));
    assertEquals(0, TenantBudgetSettings.create(ConfigFactory.load()).limitFor("acme"), "no limit by default");

    InvalidSettingException badOverride = assertThrows(InvalidSettingException.class, () -> TenantBudgetSettings.create(
        ConfigFactory.parseMap(Map.of("parley.tenant-budget.overrides", "{\"acme\": \"lots\"}"))
            .withFallback(ConfigFactory.load())));
    assertTrue(badOverride.getMessage().contains("PARLEY_TENANT_TOKEN_BUDGETS"), badOverride.getMessage());
    InvalidSettingException badDefault = assertThrows(InvalidSettingException.class, () -> TenantBudgetSettings.create(
        ConfigFactory.parseMap(Map.of("parley.tenant-budget.tokens-per-day", "-1")).withFallback(ConfigFactory.load())));
    assertTrue(badDefault.getMessage().contains("PARLEY_TENANT_TOKENS_PER_DAY"), badDefault.getMessage());
  }

  @Test
  void theLimitIsTheLiveConfigurationsWithinTheOperatorsAndAlertsOncePerLevel() {
    AtomicReference<Optional<PinnedBotConfig>> live = new AtomicReference<>(Optional.of(withTokensPerDay(1, 100)));
    BotConfigs configs = tenant -> CompletableFuture.completedFuture(live.get());
    List<String> alerts = new CopyOnWriteArrayList<>();
    BudgetAlerts told = (tenant, level, spent, budget, day) -> alerts.add(tenant + " " + level.percent() + "% " + spent
        + "/" + budget + " " + day);
    TenantBudgetSettings operator = new TenantBudgetSettings(0, Map.of("acme", 1_000L), Duration.ofSeconds(1),
        Duration.ofSeconds(1));
    var kit = EventSourcedBehaviorTestKit.<TenantTokenBudget.Command, TenantTokenBudget.Event, TenantTokenBudget.State>create(
        testKit.system(), TenantTokenBudget.create("acme", operator, 3, configs, told, clock));

    assertEquals(100, kit.<Standing>runCommand(TenantTokenBudget.Check::new).reply().limit(), "the document's, lower");
    record(kit, "s-1/turn-1", 79, MORNING);
    assertEquals(List.of(), alerts);
    record(kit, "s-1/turn-3", 1, MORNING);
    assertEquals(List.of("acme 80% 80/100 2026-11-21"), alerts);
    assertTrue(record(kit, "s-1/turn-5", 30, MORNING).reply().exhausted());
    kit.<Standing>runCommand(TenantTokenBudget.Check::new);
    assertEquals(List.of("acme 80% 80/100 2026-11-21", "acme 100% 110/100 2026-11-21"), alerts, "each level once");

    live.set(Optional.of(withTokensPerDay(2, 5_000)));
    assertTrue(kit.<Standing>runCommand(TenantTokenBudget.Check::new).reply().exhausted(), "heard less than a second ago");
    clock.advance(TenantTokenBudget.LIMIT_FRESH_FOR);
    Standing raised = kit.<Standing>runCommand(TenantTokenBudget.Check::new).reply();
    assertEquals(1_000, raised.limit(), "a newly published limit, never above the operator's");
    assertFalse(raised.exhausted());

    live.set(Optional.empty());
    clock.advance(TenantTokenBudget.LIMIT_FRESH_FOR);
    assertEquals(1_000, kit.<Standing>runCommand(TenantTokenBudget.Check::new).reply().limit(),
        "without a configuration, the operator's");
    assertEquals(2, alerts.size(), "a level told today is not told again");
  }

  private static PinnedBotConfig withTokensPerDay(int version, int tokens) {
    return new PinnedBotConfig(version, new BotConfigBuilder().limits(new UsageLimits(Optional.empty(),
        Optional.empty(), Optional.of(tokens), Optional.empty(), Optional.empty())).build());
  }
}
