package io.parley.http.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.audit.AuditLog;
import io.parley.core.cost.Money;
import io.parley.core.cost.PriceTable;
import io.parley.core.cost.SpendBudgets;
import io.parley.core.cost.TenantSpend;
import io.parley.core.campaign.PauseReason;
import io.parley.core.testing.SteppedClock;
import io.parley.persistence.costs.CostEntry;
import io.parley.persistence.costs.JdbcCosts;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.cost.CostMetrics;
import io.parley.sessions.cost.NodeCosts;
import io.parley.sessions.cost.TenantCosts;
import io.parley.core.campaign.CallingWindow;
import io.parley.core.campaign.CampaignStatus;
import io.parley.core.campaign.Pacing;
import io.parley.core.campaign.RetryPolicy;
import io.parley.core.testing.Awaiting;
import io.parley.http.testing.AuditedInMemory;
import io.parley.persistence.Dialect;
import io.parley.persistence.campaigns.CampaignLeads;
import io.parley.persistence.campaigns.CampaignRow;
import io.parley.persistence.campaigns.DoNotCallList;
import io.parley.persistence.campaigns.JdbcCampaigns;
import io.parley.persistence.campaigns.LeadRow;
import io.parley.persistence.keys.JdbcDataKeys;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.voice.phone.outbound.OutboundOutcome;
import io.parley.voice.phone.outbound.OutboundProgress;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dialler against PostgreSQL with a phone of the test's: retries per policy, the do-not-call
 * list at dial time, a lead outside its calling window put off rather than dialled, and a campaign
 * paused for its tenant's budget run again in the budget's next period. A node
 * killed mid-campaign is CampaignNodeKillTest's, with node processes and sipp.
 */
class DiallerTest {
  private static final CampaignSettings FAST = new CampaignSettings(Duration.ofMillis(100), Duration.ofSeconds(1), 100);
  private static final CallingWindow ALWAYS = new CallingWindow(LocalTime.MIN, LocalTime.of(23, 59), EnumSet.allOf(DayOfWeek.class));

  private static final Instant WEDNESDAY = Instant.parse("2026-03-04T10:00:00Z");

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private final Phone phone = new Phone();
  private DataSource data;
  private JdbcCampaigns campaigns;
  private CampaignLeads leads;

  @BeforeEach
  void openTheCampaignTables() {
    data = databases.open(Dialect.POSTGRES).dataSource();
    campaigns = new JdbcCampaigns(data);
    leads = new CampaignLeads(data, JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC()));
  }

  @Test
  void busyLeadsAreRetriedPerPolicyListedNumbersSkippedAndClosedWindowsWaited() {
    DoNotCallList doNotCall = new DoNotCallList(data, JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC()));
    CallingWindow officeHours = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(17, 0),
        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    campaigns.add(campaign("c2", new Pacing(3, 600), new RetryPolicy(3, Duration.ZERO, 1), officeHours, WEDNESDAY));
    leads.add("acme", "c2", List.of(lead("+4415100000001"), lead("+4415100000002"),
        new LeadRow.New("+6421000000003", Optional.empty(), ZoneId.of("Pacific/Auckland"), "{}")), WEDNESDAY);
    doNotCall.add("acme", "+4415100000002", "api", WEDNESDAY);
    phone.answers(number -> Optional.of(OutboundOutcome.BUSY));

    Dialler dialler = diallerOnWednesday();
    try {
      Awaiting.await("the busy lead's last attempt").atMost(Duration.ofSeconds(20))
          .until(() -> leads.progress("acme", "c2").outcomes(), outcomes -> outcomes.getOrDefault("busy", 0) == 1
              && outcomes.getOrDefault("do_not_call", 0) == 1);
    } finally {
      dialler.close();
    }
    assertEquals(3, phone.calls().get("+4415100000001").get(), "three attempts in all, as the policy says");
    assertEquals(List.of("+4415100000001"), List.copyOf(phone.calls().keySet()),
        "the listed number and the lead at 23:00 in Auckland were not dialled");
    LeadRow auckland = leads.list("acme", "c2", 0, 10).get(2);
    assertEquals("pending", auckland.state());
    assertEquals(Instant.parse("2026-03-04T20:00:00Z"), auckland.nextAt(), "09:00 Thursday in Auckland");
  }

  /**
   * The tenant's daily budget, spent before midnight, pauses its running campaign for the budget; at
   * midnight (the cost's and the dialler's clock stepped on, no real day waited) a poll runs it
   * again and its lead is dialled, while the campaign an admin paused stays paused, its lead uncalled.
   * The pause and the resume are audited like an admin's.
   */
  @Test
  void aCampaignTheBudgetPausedRunsAgainInTheNextPeriodWhileAnAdminsPauseWaits() {
    SteppedClock clock = new SteppedClock(Instant.parse("2026-03-04T23:58:00Z"));
    JdbcCosts costs = new JdbcCosts(data);
    NodeCosts dailyDollar = new NodeCosts(PriceTable.free("USD"), new SpendBudgets(Optional.of(1.0), Optional.empty(),
        Optional.empty()), Duration.ZERO, "Goodbye.", Duration.ZERO);
    TenantCosts spend = new TenantCosts(costs, BotConfigs.none(), dailyDollar, Runnable::run, clock,
        (tenant, reached, currency) -> CompletableFuture.completedFuture(null), new CostMetrics(new PrometheusRegistry()));
    costs.record(new CostEntry("acme", "trunk-1", "acme~s1", "trunk", "sip", 60, Money.nanos(1.5), "USD",
        clock.instant()));
    campaigns.add(campaign("by-budget", new Pacing(1, 60), new RetryPolicy(1, Duration.ZERO, 1), ALWAYS, clock.instant()));
    campaigns.add(campaign("by-admin", new Pacing(1, 60), new RetryPolicy(1, Duration.ZERO, 1), ALWAYS, clock.instant()));
    assertTrue(campaigns.move("acme", "by-admin", CampaignStatus.RUNNING, CampaignStatus.PAUSED));
    leads.add("acme", "by-budget", List.of(lead("+4415100000001")), clock.instant());
    leads.add("acme", "by-admin", List.of(lead("+4415100000002")), clock.instant());
    AuditedInMemory audit = new AuditedInMemory();

    Dialler dialler = dialler(spend, audit, clock);
    try {
      Awaiting.await("the campaign paused for the budget").atMost(Duration.ofSeconds(20))
          .until(() -> campaigns.find("acme", "by-budget").orElseThrow().pausedFor(),
              reason -> reason.equals(Optional.of(PauseReason.BUDGET)));
      assertTrue(phone.calls().isEmpty(), "no lead dialled over the budget");

      clock.advance(Duration.ofMinutes(3));
      Awaiting.await("its lead dialled in the new day").atMost(Duration.ofSeconds(20))
          .until(() -> phone.calls().keySet(), called -> called.contains("+4415100000001"));
      assertEquals(CampaignStatus.RUNNING, campaigns.find("acme", "by-budget").orElseThrow().status());
      CampaignRow byAdmin = campaigns.find("acme", "by-admin").orElseThrow();
      assertEquals(CampaignStatus.PAUSED, byAdmin.status());
      assertEquals(Optional.of(PauseReason.ADMIN), byAdmin.pausedFor());
      assertEquals(Optional.of("admin"), CampaignJson.of(byAdmin, leads.progress("acme", "by-admin")).pausedFor(),
          "the API says why");
    } finally {
      dialler.close();
    }
    assertEquals(List.of("+4415100000001"), List.copyOf(phone.calls().keySet()), "the admin's campaign was not dialled");
    assertEquals(List.of("campaigns.pause /v1/campaigns/by-budget/pause", "campaigns.resume /v1/campaigns/by-budget/resume"),
        audit.entries.stream().map(entry -> entry.action() + " " + entry.resource()).toList());
    assertTrue(audit.entries.stream().allMatch(entry -> entry.actor().equals(BudgetPauses.ACTOR)), audit.entries.toString());
  }

  /**
   * A node that cannot place calls (its voice engines could not be loaded) holds no campaign and
   * fails no lead: the lead waits, pending, for a node that can, here the same one once it can.
   */
  @Test
  void aNodeThatCannotPlaceCallsLeavesTheLeadsPendingForOneThatCan() {
    oneCallAtATime("c3", "+4415100000001");
    phone.unable(Optional.of("this node places no phone calls: its voice engines could not be loaded"));

    Dialler dialler = diallerOnWednesday();
    try {
      Awaiting.await("five polls for campaigns to dial, or a call").atMost(Duration.ofSeconds(20))
          .until(() -> phone.asked() >= 5 || !phone.calls().isEmpty());
      assertTrue(phone.calls().isEmpty(), "nothing dialled");
      assertEquals("pending", leads.list("acme", "c3", 0, 10).get(0).state(), "the lead not failed");

      phone.unable(Optional.empty());
      Awaiting.await("the lead dialled once the node can").atMost(Duration.ofSeconds(20))
          .until(() -> phone.calls().keySet(), called -> called.contains("+4415100000001"));
    } finally {
      dialler.close();
    }
  }

  /**
   * A node that can no longer place calls while it dials a campaign gives the campaign back at its
   * next round, its next lead still pending, for another node to claim at once.
   */
  @Test
  void aNodeThatCanNoLongerPlaceCallsGivesItsCampaignBack() {
    oneCallAtATime("c4", "+4415100000001", "+4415100000002");

    Dialler dialler = diallerOnWednesday();
    try {
      Awaiting.await("the first lead's call ringing").atMost(Duration.ofSeconds(20))
          .until(() -> phone.calls().keySet(), called -> called.contains("+4415100000001"));
      assertTrue(campaigns.claimable(WEDNESDAY, 10).isEmpty(), "held while it dials");

      phone.unable(Optional.of("this node places no phone calls: its voice engines could not be loaded"));
      Awaiting.await("the campaign given back").atMost(Duration.ofSeconds(20))
          .until(() -> campaigns.claimable(WEDNESDAY, 10), free -> !free.isEmpty());
    } finally {
      dialler.close();
    }
    assertEquals(List.of("dialling", "pending"),
        leads.list("acme", "c4", 0, 10).stream().map(LeadRow::state).toList(), "the second lead not called");
    assertEquals(List.of("+4415100000001"), List.copyOf(phone.calls().keySet()));
  }

  /** A running campaign {@code id} of one call a minute, each lead tried once at any hour, its leads {@code numbers}. */
  private void oneCallAtATime(String id, String... numbers) {
    campaigns.add(campaign(id, new Pacing(1, 60), new RetryPolicy(1, Duration.ZERO, 1), ALWAYS, WEDNESDAY));
    leads.add("acme", id, Arrays.stream(numbers).map(DiallerTest::lead).toList(), WEDNESDAY);
  }

  private Dialler diallerOnWednesday() {
    return dialler(TenantSpend.none(), new AuditedInMemory(), Clock.fixed(WEDNESDAY, ZoneOffset.UTC));
  }

  private Dialler dialler(TenantSpend spend, AuditLog audit, Clock clock) {
    return new Dialler(campaigns, leads, phone, spend, audit, FAST, metrics(), clock).start();
  }

  private static CampaignRow campaign(String id, Pacing pacing, RetryPolicy retry, CallingWindow window, Instant at) {
    return new CampaignRow("acme", id, "Spring follow-up", CampaignStatus.RUNNING, Optional.empty(), Optional.empty(),
        Optional.empty(), window, pacing, retry, at);
  }

  private static LeadRow.New lead(String number) {
    return new LeadRow.New(number, Optional.empty(), ZoneId.of("Europe/London"), "{}");
  }

  private static CampaignMetrics metrics() {
    return new CampaignMetrics(new PrometheusRegistry());
  }

  /**
   * The leads' phones: each call counted by number, its outcome told at once, or never (it rings
   * on); the node able to call them or not.
   */
  private static final class Phone implements LeadCalls {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile Function<String, Optional<OutboundOutcome>> outcome = number -> Optional.empty();
    private volatile Optional<String> unable = Optional.empty();
    private final AtomicInteger asked = new AtomicInteger();

    void unable(Optional<String> why) {
      unable = why;
    }

    int asked() {
      return asked.get();
    }

    void answers(Function<String, Optional<OutboundOutcome>> outcome) {
      this.outcome = outcome;
    }

    Map<String, AtomicInteger> calls() {
      return calls;
    }

    @Override
    public Optional<String> unableToCall() {
      asked.incrementAndGet();
      return unable;
    }

    @Override
    public String newId() {
      return "call_" + UUID.randomUUID();
    }

    @Override
    public Optional<String> place(CampaignRow campaign, LeadRow lead, String callId,
        Consumer<OutboundProgress> progress) {
      calls.computeIfAbsent(lead.number(), number -> new AtomicInteger()).incrementAndGet();
      outcome.apply(lead.number()).ifPresent(ended -> Thread.ofVirtual().start(() ->
          progress.accept(new OutboundProgress.Ended(ended, Optional.of(ended == OutboundOutcome.BUSY ? 486 : 603)))));
      return Optional.empty();
    }
  }
}
