package io.parley.sessions.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.experiment.Arm;
import io.parley.core.release.MemberReleases;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.EntityTestKit;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One experiment at a time; it ends by a stop, a promote, or any other publish or rollback, and says which. */
class TenantExperimentsTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();

  private final EventSourcedBehaviorTestKit<TenantBotConfig.Command, TenantBotConfig.Event, TenantBotConfig.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), TenantBotConfig.create("acme", Clock.systemUTC()));

  private static BotConfig named(String name) {
    return new BotConfig(Optional.of(name), Optional.empty(), Optional.empty());
  }

  private void publish(String name) {
    kit.<StatusReply<TenantBotConfig.Version>>runCommand(replyTo -> new TenantBotConfig.Publish(named(name), "admin", "",
        replyTo));
  }

  private void saveDraft(String name) {
    kit.<StatusReply<TenantBotConfig.Draft>>runCommand(replyTo -> new TenantBotConfig.SaveDraft(named(name), "admin", "",
        Optional.empty(), replyTo));
  }

  private StatusReply<Experiment> start(Optional<Integer> version) {
    return kit.<StatusReply<Experiment>>runCommand(replyTo -> new TenantBotConfig.StartExperiment(version, 0.5, "admin",
        replyTo)).reply();
  }

  @Test
  void noExperimentStartsWhileAMemberOfAReleaseBeforeExperimentsIsUp() {
    AtomicReference<MemberReleases> members = new AtomicReference<>(MemberReleases.of(List.of("1", "0.1.0-SNAPSHOT")));
    var upgrading = EventSourcedBehaviorTestKit.<TenantBotConfig.Command, TenantBotConfig.Event, TenantBotConfig.State>create(
        testKit.system(), TenantBotConfig.create("acme-" + UUID.randomUUID(), Clock.systemUTC(), members::get));
    upgrading.<StatusReply<TenantBotConfig.Version>>runCommand(replyTo -> new TenantBotConfig.Publish(named("Ava"), "admin",
        "", replyTo));
    upgrading.<StatusReply<TenantBotConfig.Draft>>runCommand(replyTo -> new TenantBotConfig.SaveDraft(named("Max"),
        "admin", "", Optional.empty(), replyTo));

    var refused = upgrading.<StatusReply<Experiment>>runCommand(replyTo -> new TenantBotConfig.StartExperiment(
        Optional.empty(), 0.5, "admin", replyTo));
    assertTrue(refused.reply().isError());
    assertEquals(ErrorCode.UNAVAILABLE, ((Refusal) refused.reply().getError()).code());
    assertTrue(refused.hasNoEvents(), "a node of release 0 could not recover an ExperimentStarted");

    members.set(MemberReleases.of(List.of("1", "1")));
    assertTrue(upgrading.<StatusReply<Experiment>>runCommand(replyTo -> new TenantBotConfig.StartExperiment(
        Optional.empty(), 0.5, "admin", replyTo)).reply().isSuccess(), "every member reads it now");
  }

  @Test
  void theDraftIsFrozenAndOnlyOneExperimentRunsAtATime() {
    publish("Ava");
    saveDraft("Max");
    Experiment started = start(Optional.empty()).getValue();
    assertEquals(new Experiment.Candidate(1, true, named("Max")), started.candidate());
    assertEquals(1, started.liveVersion());
    saveDraft("Zoe");
    assertEquals(named("Max"), state().experiments().get(0).candidate().config(), "a later draft changes no candidate");

    StatusReply<Experiment> second = start(Optional.of(1));
    assertTrue(second.isError());
    assertTrue(second.getError().getMessage().startsWith("experiment 1 is running"), second.getError().getMessage());
  }

  @Test
  void conversationsGetTheirArmsConfiguration() {
    publish("Ava");
    publish("Bea");
    Experiment experiment = start(Optional.of(1)).getValue();
    PinnedBotConfig live = new PinnedBotConfig(2, named("Bea"));
    int candidates = 0;
    for (int i = 0; i < 400; i++) {
      PinnedBotConfig pinned = experiment.pinnedFor(new UUID(9, i).toString(), live);
      Arm arm = pinned.experiment().orElseThrow().arm();
      assertEquals(arm == Arm.CANDIDATE ? named("Ava") : named("Bea"), pinned.config());
      assertEquals(arm == Arm.CANDIDATE ? 1 : 2, pinned.version());
      if (arm == Arm.CANDIDATE) candidates++;
    }
    assertTrue(candidates > 160 && candidates < 240, candidates + " of 400");
  }

  @Test
  void aPublishOrRollbackEndsTheExperimentAndSaysSo() {
    publish("Ava");
    publish("Bea");
    start(Optional.of(1));
    publish("Cid");
    Experiment ended = state().experiments().get(0);
    assertEquals(Experiment.Reason.PUBLISHED, ended.ended().orElseThrow().reason());
    assertEquals(Optional.of(3), ended.ended().orElseThrow().version());

    start(Optional.of(1));
    kit.<StatusReply<TenantBotConfig.Version>>runCommand(replyTo -> new TenantBotConfig.Rollback(2, "admin", replyTo));
    assertEquals(Experiment.Reason.ROLLED_BACK, state().experiments().get(1).ended().orElseThrow().reason());
    assertEquals(Optional.empty(), state().running());
  }

  @Test
  void promotingPublishesTheCandidateAndClearsTheDraftItWas() {
    publish("Ava");
    saveDraft("Max");
    start(Optional.empty());
    TenantBotConfig.Version promoted = kit.<StatusReply<TenantBotConfig.Version>>runCommand(replyTo ->
        new TenantBotConfig.PromoteExperiment(1, "dana", replyTo)).reply().getValue();
    assertEquals(2, promoted.version());
    assertEquals(named("Max"), promoted.config());
    assertEquals("experiment 1: draft 1 promoted", promoted.message());
    assertEquals(Optional.empty(), state().draft());
    assertEquals(Experiment.Reason.PROMOTED, state().experiments().get(0).ended().orElseThrow().reason());

    StatusReply<TenantBotConfig.Version> again = kit.<StatusReply<TenantBotConfig.Version>>runCommand(replyTo ->
        new TenantBotConfig.PromoteExperiment(1, "dana", replyTo)).reply();
    assertEquals("experiment 1 has ended (promoted)", again.getError().getMessage());
  }

  @Test
  void stoppingEndsItWithoutPublishing() {
    publish("Ava");
    saveDraft("Max");
    start(Optional.empty());
    Experiment stopped = kit.<StatusReply<Experiment>>runCommand(replyTo -> new TenantBotConfig.StopExperiment(1, "dana",
        replyTo)).reply().getValue();
    assertEquals(Experiment.Reason.STOPPED, stopped.ended().orElseThrow().reason());
    assertEquals(1, state().versions().size());
    assertTrue(start(Optional.empty()).isSuccess(), "another may start once it stopped");
  }

  @Test
  void noExperimentWithoutALiveVersionOrAgainstItself() {
    saveDraft("Max");
    assertEquals("no version is live to compare with: publish one first", start(Optional.empty()).getError().getMessage());
    publish("Ava");
    assertTrue(start(Optional.of(1)).getError().getMessage().startsWith("version 1 is live"));
  }

  private TenantBotConfig.State state() {
    return kit.getState();
  }
}
