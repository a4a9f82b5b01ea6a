package io.parley.sessions.entity;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.session.Channel;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.turn.Answering;
import io.parley.sessions.turn.PressKeysTool;
import io.parley.tools.OfferedIn;
import io.parley.tools.TenantTools;
import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolRegistry;
import io.parley.tools.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keys the bot presses on a phone call ({@code press_keys}) reach the call, and nothing else:
 * the journal holds the call with its keys as a placeholder and its result as how many were
 * pressed, the followers and the model read the same, and a call the node stopped in the middle of
 * is not run again after the restart, so no key goes twice.
 */
class BotKeysJournalTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  /** Looked for whole: a timestamp's nanoseconds or a random id may hold its digits but never its hash. */
  private static final String ACCOUNT = "4711#";

  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private final SessionId id = SessionId.random("acme");

  /** The node's press_keys, each run recorded, held until {@code release} opens. */
  private record HeldKeypad(PressKeysTool keypad, CountDownLatch release, List<ToolInvocation> runs) implements Tool {
    @Override
    public ToolDefinition definition() {
      return keypad.definition();
    }

    @Override
    public OfferedIn offeredIn() {
      return keypad.offeredIn();
    }

    @Override
    public ToolResult run(ToolInvocation invocation) {
      runs.add(invocation);
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return keypad.run(invocation);
    }
  }

  @Test
  void theCallGetsTheKeysTheJournalFollowersAndModelHowMany() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.toolCalls(new ToolCall("call-keys", PressKeysTool.NAME, "{\"keys\": \"" + ACCOUNT + "\"}")));
      var kit = phoneSession(model, new PressKeysTool());
      TestProbe<SessionUpdate> follower = testKit.createTestProbe();
      kit.runCommand(new SessionCommand.Subscribe(0, follower.getRef(), Optional.empty()));
      answer(kit, "Please type your account number followed by hash.");

      List<SessionUpdate> updates = follower.fishForMessage(Duration.ofSeconds(10), update ->
          update instanceof SessionUpdate.PressKeys ? FishingOutcomes.complete() : FishingOutcomes.continueAndCollect());
      assertEquals(new SessionUpdate.PressKeys(ACCOUNT), updates.getLast(), "the call gets the keys to send");
      assertFalse(updates.subList(0, updates.size() - 1).toString().contains(ACCOUNT),
          "the followers read the call's keys as a placeholder: " + updates);
      assertTrue(updates.toString().contains("[KEYPAD]"), updates.toString());

      String journal = kit.persistenceTestKit().persistedInStorage(ChatSession.persistenceId(id)).toString();
      assertTrue(journal.contains("press_keys") && journal.contains("Pressed 5 keys"), journal);
      assertFalse(journal.contains(ACCOUNT), "the journal holds no key pressed: " + journal);

      String asked = model.lastRequest().body().toString();
      assertTrue(asked.contains("Pressed 5 keys") && asked.contains("[KEYPAD]"), asked);
      assertFalse(asked.contains(ACCOUNT), "the model reads how many keys it pressed, not which: " + asked);
    }
  }

  @Test
  void aCallTheNodeStoppedInIsNotRunAgainSoNoKeyGoesTwice() throws Exception {
    HeldKeypad keypad = new HeldKeypad(new PressKeysTool(), new CountDownLatch(1), new CopyOnWriteArrayList<>());
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      model.enqueue(Reply.toolCalls(new ToolCall("call-keys", PressKeysTool.NAME, "{\"keys\": \"" + ACCOUNT + "\"}")));
      var kit = phoneSession(model, keypad);
      kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo ->
          new SessionCommand.PostUserMessage("c-1", "Please type your account number.", replyTo));
      await("the call recorded, running").atMost(Duration.ofSeconds(10)).until(keypad.runs()::size, runs -> runs == 1);

      kit.restart(); // the node dies while the keys are pressed: the call is stored without them, its result not at all
      TestProbe<SessionUpdate> follower = testKit.createTestProbe();
      kit.runCommand(new SessionCommand.Subscribe(0, follower.getRef(), Optional.empty()));
      keypad.release().countDown();
      var answer = kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));
      Replies.value(answer.reply());

      assertEquals(1, keypad.runs().size(), "the call is not run again after the restart");
      assertTrue(model.lastRequest().toolResult("call-keys").orElseThrow().contains("the keys were not pressed"),
          "the model reads that its keys were not pressed: " + model.lastRequest().body());
      List<SessionUpdate> updates = follower.fishForMessage(Duration.ofSeconds(10), update ->
          update instanceof SessionUpdate.MessageAdded added && added.message().role() == Role.ASSISTANT
              ? FishingOutcomes.complete() : FishingOutcomes.continueAndCollect());
      assertFalse(updates.stream().anyMatch(SessionUpdate.PressKeys.class::isInstance), "no keys sent: " + updates);
    }
  }

  private EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> phoneSession(
      FakeChatCompletionsServer model, Tool keypad) {
    SessionServices base = TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings());
    Answering a = base.answering();
    SessionServices services = new SessionServices(new Answering(a.llm(), a.prompts(), a.offline(), a.memory(),
        a.answerCache(), TenantTools.nodeOnly(ToolRegistry.of(keypad)), a.settings(), a.metrics(), a.tracing(), a.clock()),
        base.archive(), base.budgets(), base.tenantMessages(), base.botConfigs(), base.leads(), base.unstaffedTickets(),
        base.languages(), base.gaps(), base.logic(), base.costs());
    var kit = EventSourcedBehaviorTestKit.<SessionCommand, SessionEvent, SessionState>create(testKit.system(),
        ChatSession.create(id, shard.getRef(), services));
    kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.PHONE, replyTo));
    return kit;
  }

  private static void answer(EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> kit, String text) {
    kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("c-1", text, replyTo));
    var answer = kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));
    Replies.value(answer.reply());
  }
}
