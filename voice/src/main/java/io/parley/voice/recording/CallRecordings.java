package io.parley.voice.recording;

import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditResult;
import io.parley.core.recording.RecordingStore;
import io.parley.core.session.SessionId;
import io.parley.sessions.MetricFamilies;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's call recordings (docs/voice.md#recording): what a caller was told or said of a
 * recording goes to the tenant's audit log, and a call's recording, once it ends, is sealed into the
 * archive's store ({@link RecordingStore}) on the blocking pool, never on the call's threads. A
 * recording that cannot be stored is logged and counted, and the call loses nothing else.
 */
public final class CallRecordings {
  private static final Logger LOG = LoggerFactory.getLogger(CallRecordings.class);
  /** Who the audit log names for what a caller said: a caller has no account. */
  static final String ACTOR = "phone caller";

  private final Optional<RecordingStore> store;
  private final Consumer<AuditEntry> audit;
  private final Executor blocking;
  private final Counter recordings;
  private final Duration maxLength;
  private final Clock clock;

  public CallRecordings(Optional<RecordingStore> store, Consumer<AuditEntry> audit, Executor blocking, PrometheusRegistry registry,
      Duration maxLength, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.blocking = blocking;
    this.recordings = MetricFamilies.counter(registry, "parley_call_recordings_total",
        "Phone calls' recordings, by tenant and outcome: stored, refused (the caller said no), failed (not stored).",
        "tenant", "outcome");
    this.maxLength = maxLength;
    this.clock = clock;
  }

  /** Recordings stored nowhere and counted nowhere: a bridge whose node keeps none. */
  public static CallRecordings none() {
    return new CallRecordings(Optional.empty(), entry -> {}, Runnable::run, new PrometheusRegistry(), Duration.ZERO,
        Clock.systemUTC());
  }

  /** What the caller of {@code session} was told or said of the recording ({@code RecordingConsentNoted}'s names). */
  public void consent(SessionId session, String consent) {
    audit.accept(new AuditEntry(session.tenant(), clock.instant(), ACTOR, Set.of(), "call.recording." + consent,
        "/v1/sessions/" + session.wireId() + "/recording", AuditResult.OK, "-", Optional.empty()));
    if (consent.equals("refused")) recordings.labelValues(session.tenant(), "refused").inc();
  }

  /** A recording beginning now. */
  public CallRecording begin() {
    return new CallRecording(clock.instant(), maxLength);
  }

  /** Seals and stores the call's recording, off the caller's thread; done once it is stored or given up. */
  public CompletionStage<Void> store(SessionId session, CallRecording recording) {
    return CompletableFuture.runAsync(() -> {
      Optional<byte[]> wav = recording.wav();
      if (wav.isEmpty() || store.isEmpty()) return;
      try {
        store.get().put(session, wav.get());
        recordings.labelValues(session.tenant(), "stored").inc();
        LOG.atInfo().addKeyValue("sessionId", session.wireId()).log("call recording stored, {} bytes", wav.get().length);
      } catch (RuntimeException e) {
        recordings.labelValues(session.tenant(), "failed").inc();
        LOG.atWarn().addKeyValue("sessionId", session.wireId()).log("call recording not stored: {}", e.toString());
      }
    }, blocking);
  }
}
