package io.parley.voice.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.call.CallEnd;
import io.parley.core.cost.Spend;
import io.parley.core.session.SessionId;
import io.parley.core.testing.MetricSamples;
import io.parley.voice.cost.CallCosts;
import io.parley.voice.media.CallerReport;
import io.parley.voice.media.OutgoingAudio;
import io.parley.voice.media.RtpStats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.parley.core.testing.RecordedSpend;
import io.parley.core.testing.SteppedClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallRegistryTest {
  private final PrometheusRegistry metrics = new PrometheusRegistry();
  private final CallRegistry registry = new CallRegistry(metrics, Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"),
      ZoneOffset.UTC), CallCosts.none());

  @Test
  void aCallIsListedForItsTenantFromItsAnswerUntilItsEndWhichCountsOnce() {
    SessionId acme = SessionId.random("acme");
    RtpStats heard = new RtpStats(250, 2, 1, 0, 2, 3.5);
    CallerReport reported = new CallerReport(3, 42.5, 0.01, 4, 2.5);
    registry.answered("call-1", acme, "phone-abc", OutgoingAudio.PCMA, () -> heard, () -> reported, Spend.Direction.INBOUND);
    registry.answered("call-2", SessionId.random("globex"), "phone-def", OutgoingAudio.PCMU, () -> RtpStats.NONE,
        () -> CallerReport.NONE, Spend.Direction.INBOUND);
    registry.connected("call-1");

    assertEquals(List.of(new OngoingCall("call-1", acme.wireId(), "acme", "phone-abc", "PCMA",
        Instant.parse("2025-03-01T10:00:00Z"), OngoingCall.CONNECTED, heard, reported)), registry.calls(Optional.of("acme")));
    assertEquals(2, registry.calls(Optional.empty()).size());
    assertEquals(1.0, sample("parley_phone_calls_active", "acme"));

    registry.ended("call-1", CallEnd.CALLER_HUNG_UP);
    registry.ended("call-1", CallEnd.FAILED);
    assertEquals(List.of(), registry.calls(Optional.of("acme")));
    assertEquals(0.0, sample("parley_phone_calls_active", "acme"));
    assertEquals(1.0, sample("parley_phone_calls_total", "acme", "caller_hung_up"));
    assertEquals(null, sample("parley_phone_calls_total", "acme", "failed"));
  }

  @Test
  void aCallsTimeOnTheTrunkIsToldOnceWhenItEndsInItsDirectionAStartedSecondCounting() {
    RecordedSpend spend = new RecordedSpend();
    SteppedClock clock = new SteppedClock(Instant.parse("2025-03-01T10:00:00Z"));
    CallRegistry priced = new CallRegistry(new PrometheusRegistry(), clock, new CallCosts(spend, "notice"));
    SessionId acme = SessionId.random("acme");
    priced.answered("call-1", acme, "phone-abc", OutgoingAudio.PCMU, () -> RtpStats.NONE, () -> CallerReport.NONE,
        Spend.Direction.OUTBOUND);
    clock.advance(Duration.ofMillis(90_200));
    priced.ended("call-1", CallEnd.CALLER_HUNG_UP);
    priced.ended("call-1", CallEnd.FAILED);
    assertEquals(List.of(new RecordedSpend.Told("acme", acme.wireId(), "trunk/call-1",
        new Spend.Connected(Spend.Direction.OUTBOUND, 91))), spend.told());
  }

  @Test
  void transfersAreCountedByOutcomeUnderTheCallsTenant() {
    registry.answered("call-1", SessionId.random("acme"), "phone-abc", OutgoingAudio.PCMU, () -> RtpStats.NONE,
        () -> CallerReport.NONE, Spend.Direction.INBOUND);
    registry.transferEnded("call-1", false);
    registry.transferEnded("call-1", true);
    registry.transferEnded("call-gone", true);
    assertEquals(1.0, MetricSamples.value(metrics, "parley_phone_transfers_total", new String[] {"tenant", "outcome"},
        new String[] {"acme", "failed"}));
    assertEquals(1.0, MetricSamples.value(metrics, "parley_phone_transfers_total", new String[] {"tenant", "outcome"},
        new String[] {"acme", "transferred"}));
  }

  @Test
  void refusalsAreCountedUnderTheirTenantOrNone() {
    registry.refused(Optional.empty(), CallEnd.FORBIDDEN);
    registry.refused(Optional.of("acme"), CallEnd.BUSY);
    assertEquals(1.0, sample("parley_phone_calls_total", CallRegistry.NO_TENANT, "forbidden"));
    assertEquals(1.0, sample("parley_phone_calls_total", "acme", "busy"));
  }

  @Test
  void theHandoversCloseReasonsNameTheirEnds() {
    assertEquals(CallEnd.TRANSFERRED, CallEnd.ofCloseReason(CallHandover.TRANSFERRED));
    assertEquals(CallEnd.SHUTDOWN, CallEnd.ofCloseReason(CallHandover.NODE_SHUT_DOWN));
  }

  private Double sample(String name, String... labels) {
    String[] names = labels.length == 1 ? new String[] {"tenant"} : new String[] {"tenant", "cause"};
    return MetricSamples.value(metrics, name, names, labels);
  }
}
