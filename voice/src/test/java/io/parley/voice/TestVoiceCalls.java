package io.parley.voice;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.parley.core.session.Channel;
import io.parley.core.session.SessionId;
import io.parley.core.trace.Tracing;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/** A node's voice with the engines a test chose, for tests outside this package (a phone call's). */
public final class TestVoiceCalls {
  private TestVoiceCalls() {}

  /** Calls on {@code engines}, with the reference settings; ready at once. */
  public static VoiceCalls with(CallEngines engines, PrometheusRegistry registry) {
    VoiceSettings settings = VoiceSettings.create(
        ConfigFactory.parseResources("reference.conf").resolve(ConfigResolveOptions.noSystem()));
    return new VoiceCalls(() -> new VoiceCalls.Loaded(engines, () -> { }), Runnable::run,
        CallSettings.of(settings, Duration.ofSeconds(10)), new VoiceMetrics(registry), PremiumVoiceBudget.none(),
        Tracing.off());
  }

  /** A call joined to its session, and where that session's news reaches it. */
  public record Joined(ActorRef<VoiceCall.Command> call, ActorRef<SessionUpdate> updates) {}

  /**
   * A call on {@code channel} and {@code engines} at 16 kHz, spawned by {@code testKit}, that speaks
   * to {@code edge} and has joined a new session of acme, the probe {@code session}, as {@code info}
   * describes the session of that id.
   */
  public static Joined joined(ActorTestKit testKit, CallEngines engines, Channel channel,
      TestProbe<SessionCommand> session, ActorRef<VoiceOutput> edge, Function<SessionId, SessionInfo> info)
      throws Exception {
    VoiceCalls calls = with(engines, new PrometheusRegistry());
    calls.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
    SessionId id = SessionId.random("acme");
    ActorRef<VoiceCall.Command> call = testKit.spawn(calls.call(VoiceCalls.newCallId(), id, channel.wireName(),
        session.ref(), 0, 16_000, edge));
    SessionCommand.Subscribe subscribe = session.expectMessageClass(SessionCommand.Subscribe.class);
    subscribe.subscriber().tell(new SessionUpdate.Joined(testKit.createTestProbe().getRef(), info.apply(id), List.of(),
        Optional.empty()));
    return new Joined(call, subscribe.subscriber());
  }
}
