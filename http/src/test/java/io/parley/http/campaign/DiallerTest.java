package io.parley.http.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.cost.TenantSpend;
import io.parley.core.campaign.CallingWindow;
import io.parley.core.campaign.CampaignStatus;
import io.parley.core.campaign.Pacing;
import io.parley.core.campaign.RetryPolicy;
import io.parley.core.testing.Awaiting;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dialler against PostgreSQL with a phone of the test's: retries per policy, the do-not-call
 * list at dial time, and a lead outside its calling window put off rather than dialled. A node
 * killed mid-campaign is CampaignNodeKillTest's, with node processes and sipp.
 */
class DiallerTest {
  private static final CampaignSettings FAST = new CampaignSettings(Duration.ofMillis(100), Duration.ofSeconds(1), 100);
  private static final CallingWindow ALWAYS = new CallingWindow(LocalTime.MIN, LocalTime.of(23, 59), EnumSet.allOf(DayOfWeek.class));

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @Test
  void busyLeadsAreRetriedPerPolicyListedNumbersSkippedAndClosedWindowsWaited() {
    DataSource data = databases.open(Dialect.POSTGRES).dataSource();
    JdbcCampaigns campaigns = new JdbcCampaigns(data);
    CampaignLeads leads = new CampaignLeads(data, JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC()));
    DoNotCallList doNotCall = new DoNotCallList(data, JdbcDataKeys.open(data, Optional.empty(), Clock.systemUTC()));
    Instant wednesday = Instant.parse("2026-03-04T10:00:00Z");
    CallingWindow officeHours = new CallingWindow(LocalTime.of(9, 0), LocalTime.of(17, 0),
        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    campaigns.add(campaign("c2", new Pacing(3, 600), new RetryPolicy(3, Duration.ZERO, 1), officeHours, wednesday));
    leads.add("acme", "c2", List.of(lead("+4415100000001"), lead("+4415100000002"),
        new LeadRow.New("+6421000000003", Optional.empty(), ZoneId.of("Pacific/Auckland"), "{}")), wednesday);
    doNotCall.add("acme", "+4415100000002", "api", wednesday);
    Phone phone = new Phone();
    phone.answers(number -> Optional.of(OutboundOutcome.BUSY));

    Dialler dialler = new Dialler(campaigns, leads, phone, TenantSpend.none(), FAST, metrics(), Clock.fixed(wednesday, ZoneOffset.UTC))
        .start();
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

  /** The leads' phones: each call counted by number, its outcome told at once, or never (it rings on). */
  private static final class Phone implements LeadCalls {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile Function<String, Optional<OutboundOutcome>> outcome = number -> Optional.empty();

    void answers(Function<String, Optional<OutboundOutcome>> outcome) {
      this.outcome = outcome;
    }

    Map<String, AtomicInteger> calls() {
      return calls;
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
