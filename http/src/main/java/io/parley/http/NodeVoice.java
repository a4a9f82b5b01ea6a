package io.parley.http;

import io.parley.core.trace.Tracing;
import io.parley.sessions.Edges;
import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.sessions.workflow.BudgetAlertWorkflow;
import io.parley.voice.cost.CallCosts;
import io.parley.voice.PremiumVoiceBudget;
import io.parley.voice.VoiceCalls;
import io.parley.voice.VoiceSettings;
import io.parley.voice.phone.CallDirectory;
import io.parley.voice.phone.CallRegistry;
import io.parley.voice.phone.outbound.OutboundSettings;
import io.parley.voice.phone.SipBridge;
import io.parley.voice.recording.CallRecordings;
import io.parley.core.audit.AuditLog;
import io.parley.core.erasure.TenantSecrets;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;

/** The node's voice calls when voice is on, and its phone line when SIP is on as well. */
record NodeVoice(Optional<VoiceCalls> calls, Optional<SipBridge> phone) {
  /** How long a stopping node waits for the far ends of the calls it cancels to answer the CANCEL. */
  private static final Duration UNANSWERED_CANCELLED_WITHIN = Duration.ofSeconds(3);

  static NodeVoice start(ActorSystem<Void> system, NodeConfiguration settings, NodeSessions sessions, Edges edges,
      DependencyBreakers breakers, PrometheusRegistry registry, Tracing tracing, AuditLog audit, TenantSecrets secrets) {
    NodeSettings node = settings.node();
    VoiceSettings voice = settings.voice();
    Optional<VoiceCalls> calls = voice.enabled()
        ? Optional.of(VoiceCalls.create(voice, node.localVoice(), breakers, registry,
            system.dispatchers().lookup(DispatcherSelector.blocking()), node.askTimeout(),
            PremiumVoiceBudget.init(system, settings.sessions().snapshotEvery(),
                BudgetAlertWorkflow.alerts(BudgetAlertWorkflow.VOICE, sessions.workflows(), node.askTimeout()),
                Clock.systemUTC(), voice.stt().budgetCharactersPerSecond(), callCosts(sessions)), tracing))
        : Optional.empty();
    Optional<SipBridge> phone = calls.filter(started -> settings.sip().enabled())
        .map(started -> answerPhones(system, settings, sessions, started, edges, registry, audit, secrets));
    return new NodeVoice(calls, phone);
  }

  private static CallCosts callCosts(NodeSessions sessions) {
    return new CallCosts(sessions.costs(), sessions.costs().node().refusalNotice());
  }

  private static SipBridge answerPhones(ActorSystem<Void> system, NodeConfiguration settings, NodeSessions sessions,
      VoiceCalls calls, Edges edges, PrometheusRegistry registry, AuditLog audit, TenantSecrets secrets) {
    CallRegistry callRegistry = new CallRegistry(registry, Clock.systemUTC(), callCosts(sessions));
    SipBridge bridge = SipBridge.start(settings.sip(), system, sessions.sessions(), calls, settings.node().askTimeout(), edges, callRegistry,
        registry, sessions.phoneNumbers(), sessions.tenants(),
        OutboundSettings.create(system.settings().config()), settings.outboundPolicy(),
        // A recording is at most as long as a call may last.
        new CallRecordings(Optional.of(sessions.recordings()), audit::append,
            system.dispatchers().lookup(DispatcherSelector.blocking()), registry, settings.voice().maxCall(),
            Clock.systemUTC()), secrets);
    // GET /v1/calls and /cluster/calls find this node's calls through it, from any node; DELETE /v1/calls/{id} cancels here.
    system.systemActorOf(CallDirectory.create(callRegistry, bridge::cancel), "phone-calls", Props.empty());
    // A stopping node cancels the calls it placed that ring still, before the phone calls it holds are drained.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "parley-phone-cancel-unanswered",
        () -> bridge.cancelUnanswered(UNANSWERED_CANCELLED_WITHIN).thenApply(cancelled -> Done.getInstance()));
    return bridge;
  }
}
