package io.parley.sessions.cost;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.cost.BudgetPeriod;
import io.parley.core.cost.BudgetStanding;
import io.parley.core.cost.CostSettings;
import io.parley.core.cost.PriceTable;
import io.parley.core.cost.Spend;
import io.parley.core.cost.SpendBudgets;
import io.parley.core.cost.TenantSpend;
import io.parley.persistence.costs.CostEntry;
import io.parley.persistence.costs.JdbcCosts;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.workflow.CostAlertWorkflow;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link TenantSpend}: each use is priced by the tenant's live configuration's prices
 * over the node's and written to {@code cost_entry} on the blocking pool (once per key, whichever
 * node writes it; those told within {@link NodeCosts#gather()} go together, {@link CostWrites}); the tenant's
 * spend this day, week and month is then summed again, and each budget level it reached is told
 * by webhook ({@link CostAlertWorkflow}: once a period and level in the cluster, once an
 * incarnation from this node). The standing heard last is kept per tenant and asked
 * again in the background once older than {@link NodeCosts#freshFor()}.
 */
public final class TenantCosts implements TenantSpend {
  private static final Logger LOG = LoggerFactory.getLogger(TenantCosts.class);
  private static final List<BudgetPeriod> PERIODS = Arrays.asList(BudgetPeriod.values());

  private record Heard(BudgetStanding standing, Instant at) {}

  private final JdbcCosts store;
  private final CostWrites writes;
  private final BotConfigs configs;
  private final NodeCosts node;
  private final Executor pool;
  private final Clock clock;
  private final CostAlertWorkflow.Alerts alerts;
  private final CostMetrics metrics;
  private final Map<String, Heard> standings = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<BudgetStanding>> asking = new ConcurrentHashMap<>();
  // The alerts this node passed on, per tenant: only the current periods' are kept.
  private final Map<String, Set<String>> told = new ConcurrentHashMap<>();

  public TenantCosts(JdbcCosts store, BotConfigs configs, NodeCosts node, Executor pool, Clock clock,
      CostAlertWorkflow.Alerts alerts, CostMetrics metrics) {
    this.store = store;
    this.writes = new CostWrites(store::record, node.gather(), pool);
    this.configs = configs;
    this.node = node;
    this.pool = pool;
    this.clock = clock;
    this.alerts = alerts;
    this.metrics = metrics;
  }

  /** Where the costs are kept, for reading them. */
  public JdbcCosts store() {
    return store;
  }

  /** The node's prices, budgets and notice. */
  public NodeCosts node() {
    return node;
  }

  /** Writes the cost entries still waiting to be written together, as the node stops. */
  public void flush() {
    writes.flush();
  }

  @Override
  public void spent(String tenant, String conversation, String key, Spend spend) {
    Instant at = clock.instant();
    settings(tenant).thenComposeAsync(settings -> {
      PriceTable prices = settings.pricesOver(node.prices());
      long amount = prices.cost(spend);
      return writes.record(new CostEntry(tenant, key, conversation, spend.kind(), spend.engine(), spend.quantity(),
          amount, prices.currency(), at)).thenAcceptAsync(recorded -> {
            if (recorded) metrics.recorded(tenant, prices.currency(), spend.kind(), amount);
            if (recorded && amount > 0) standing(tenant, settings);
          }, pool);
    }, pool).exceptionally(failure -> {
      LOG.atWarn().addKeyValue("tenant", tenant).log("cost {} of {} not recorded: {}", key, conversation, failure.toString());
      return null;
    });
  }

  @Override
  public boolean exhausted(String tenant) {
    Heard heard = standings.get(tenant);
    if (heard == null || heard.at().plus(node.freshFor()).isBefore(clock.instant())) ask(tenant);
    return heard != null && heard.standing().exhausted();
  }

  @Override
  public CompletionStage<Boolean> exhaustedNow(String tenant) {
    return standing(tenant).thenApply(BudgetStanding::exhausted);
  }

  /** The tenant's spend this day, week and month against its budgets, summed now. */
  public CompletionStage<BudgetStanding> standing(String tenant) {
    return ask(tenant);
  }

  /** The prices the tenant pays now: its own over the node's. */
  public CompletionStage<PriceTable> prices(String tenant) {
    return settings(tenant).thenApply(settings -> settings.pricesOver(node.prices()));
  }

  /** The tenant's standing summed anew; asks already under way are shared, not repeated. */
  private CompletableFuture<BudgetStanding> ask(String tenant) {
    CompletableFuture<BudgetStanding> started = new CompletableFuture<>();
    CompletableFuture<BudgetStanding> under = asking.putIfAbsent(tenant, started);
    if (under != null) return under;
    settings(tenant).thenApplyAsync(settings -> standing(tenant, settings), pool).whenComplete((standing, failure) -> {
      asking.remove(tenant, started);
      if (failure == null) {
        started.complete(standing);
      } else {
        LOG.atWarn().addKeyValue("tenant", tenant).log("spend not summed: {}", failure.toString());
        started.completeExceptionally(failure);
      }
    });
    return started;
  }

  private BudgetStanding standing(String tenant, CostSettings settings) {
    Instant now = clock.instant();
    String currency = settings.pricesOver(node.prices()).currency();
    SpendBudgets budgets = settings.budgetsOr(node.budgets());
    long[] sums = store.spentSince(tenant, currency, PERIODS.stream().map(period -> period.start(now)).toList());
    Map<BudgetPeriod, Long> spent = new EnumMap<>(BudgetPeriod.class);
    for (int i = 0; i < sums.length; i++) spent.put(PERIODS.get(i), sums[i]);
    BudgetStanding standing = new BudgetStanding(spent, budgets, currency, now);
    standings.put(tenant, new Heard(standing, now));
    PERIODS.forEach(period -> metrics.used(tenant, period.wireName(), standing.spent(period), budgets.nanos(period)));
    Set<String> toldTenant = told.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet());
    List<String> current = PERIODS.stream().map(period -> period.wireName() + "-" + period.name(now) + "-").toList();
    toldTenant.removeIf(key -> current.stream().noneMatch(key::startsWith));
    standing.reached().stream().filter(reached -> toldTenant.add(reached.key())).forEach(reached -> {
      LOG.atInfo().addKeyValue("tenant", tenant).log("budget {} reached", reached.key());
      alerts.reached(tenant, reached, currency).whenComplete((done, failure) -> {
        if (failure != null) {
          toldTenant.remove(reached.key());
          LOG.atWarn().addKeyValue("tenant", tenant).log("budget alert {} not passed on yet: {}", reached.key(),
              failure.toString());
        }
      });
    });
    return standing;
  }

  private CompletionStage<CostSettings> settings(String tenant) {
    return configs.current(tenant).thenApply(pinned -> pinned.map(PinnedBotConfig::config).map(BotConfig::costSettings)
        .orElse(CostSettings.none()));
  }
}
