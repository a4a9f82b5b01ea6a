package io.parley.sessions.entity;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.memory.PinnedFacts;
import io.parley.core.memory.SeqRange;
import io.parley.core.prompt.MemorySections;
import io.parley.core.prompt.TokenEstimator;
import io.parley.core.session.Channel;
import io.parley.core.session.SessionId;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Open;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A customer never has to repeat themselves: not late in a long conversation (rolling summary,
 * pinned facts, a prompt that stays within budget) and not in their next conversation
 * (long-term memory), against the in-test model server.
 */
class SessionMemoryTest {
  // A turn is an HTTP round trip to the model server: on a loaded machine the first one of the JVM
  // takes longer than the test kit's default three seconds to answer.
  @RegisterExtension static final EntityTestKit entities =
      new EntityTestKit(ConfigFactory.parseString("pekko.actor.testkit.typed.single-expect-default = 15s"));
  private final ActorTestKit testKit = entities.actors();
  private static final String SUMMARY_INSTRUCTIONS_START = "You keep the running summary";

  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();

  private EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> session(SessionServices services) {
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        ChatSession.create(SessionId.random("acme"), shard.getRef(), services),
        EventSourcedBehaviorTestKit.disabledSerializationSettings());
  }

  /** Echoes customers; answers a summary request with a short summary, as a model would. */
  private static String model(RecordedRequest request) {
    if (request.messages().get(0).content().startsWith(SUMMARY_INSTRUCTIONS_START)) {
      return "The customer Ada Lovelace asked many questions about the delivery of order A-77812.";
    }
    return FakeChatCompletionsServer.echo(request);
  }

  private static void say(EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> kit,
      String clientMsgId, String text) {
    var accepted = kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage(clientMsgId, text, replyTo));
    String turnId = Replies.value(accepted.reply()).turnId();
    kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer(turnId, replyTo));
  }

  @Test
  void aThreeHundredTurnConversationKeepsItsEarlyFactsAndStaysWithinBudget() {
    SessionSettings settings = TestSessionServices.settings(Map.of("context-tokens", "2048", "answer-max-tokens", "256"));
    try (FakeChatCompletionsServer server = FakeChatCompletionsServer.start(SessionMemoryTest::model)) {
      var kit = session(TestSessionServices.withModel(server.baseUrl(), settings));
      kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
      say(kit, "c-0", "Hi, my name is Ada Lovelace, my email is ada@example.com and my order A-77812 is late.");
      for (int turn = 1; turn < 300; turn++) {
        say(kit, "c-" + turn, "Question " + turn + ": the courier's tracking page still shows the parcel in the depot, "
            + "and nobody answers the phone there. What should I do about the delivery window today?");
      }

      Open state = (Open) kit.getState();
      assertEquals(600, state.transcript().lastSeq());
      ConversationNotes.Summary summary = state.notes().summary().orElseThrow(() -> new AssertionError("no summary"));
      assertContiguousFromTheStart(summary.covered());
      assertTrue(summary.coveredUpTo() > 400, "the summary keeps up with the conversation: " + summary.coveredUpTo());

      TokenEstimator counter = new TokenEstimator();
      int promptBudget = 2048 - 256;
      List<RecordedRequest> turns = server.requests().stream()
          .filter(r -> !r.messages().get(0).content().startsWith(SUMMARY_INSTRUCTIONS_START)).toList();
      assertEquals(300, turns.size());
      for (RecordedRequest request : turns) {
        int tokens = counter.count(request.messages());
        assertTrue(tokens <= promptBudget, "a prompt of " + tokens + " tokens exceeds the budget of " + promptBudget);
      }
      String finalPrompt = turns.get(turns.size() - 1).messages().stream().map(PromptMessage::content)
          .collect(Collectors.joining("\n"));
      assertTrue(finalPrompt.contains(PinnedFacts.HEADING), finalPrompt);
      // The email as its placeholder: personal data never reaches the model (docs/security.md).
      assertFalse(finalPrompt.contains("ada@example.com"), "the email itself is not sent");
      for (String fact : List.of("Ada Lovelace", "[EMAIL_1]", "A-77812")) {
        assertTrue(finalPrompt.contains(fact), "turn 300's prompt still knows " + fact);
      }
      assertTrue(finalPrompt.contains(MemorySections.SUMMARY_HEADING), "the rolling summary is in the prompt");
    }
  }

  @Test
  void aReturningCustomersNewSessionKnowsTheirEarlierFacts() {
    try (FakeChatCompletionsServer server = FakeChatCompletionsServer.start(SessionMemoryTest::model)) {
      SessionServices services = TestSessionServices.withModel(server.baseUrl(), TestSessionServices.settings());
      String userId = "customer-" + java.util.UUID.randomUUID();

      var first = session(services);
      first.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.of(userId), Channel.CHAT, replyTo));
      say(first, "a-1", "Hello, I'm Grace Hopper and my order number is 55120, it arrived damaged.");
      first.<StatusReply<SessionCommand.Closing>>runCommand(replyTo -> new SessionCommand.Close("resolved", replyTo));
      awaitMemoryRecorded(first);

      var second = session(services);
      second.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.of(userId), Channel.CHAT, replyTo));
      say(second, "b-1", "Any news about the replacement?");
      String prompt = server.lastRequest().messages().stream().map(PromptMessage::content)
          .collect(Collectors.joining("\n"));
      assertTrue(prompt.contains(MemorySections.MEMORY_HEADING), prompt);
      assertTrue(prompt.contains("Grace Hopper"), "the new session's prompt knows the customer's name: " + prompt);
      assertTrue(prompt.contains("55120"), "and their order: " + prompt);
    }
  }

  private static void assertContiguousFromTheStart(List<SeqRange> ranges) {
    long next = 1;
    for (SeqRange range : ranges) {
      assertEquals(next, range.fromSeq(), "summary ranges follow each other without gaps: " + ranges);
      next = range.toSeq() + 1;
    }
  }

  private static void awaitMemoryRecorded(
      EventSourcedBehaviorTestKit<SessionCommand, SessionEvent, SessionState> kit) {
    await("the memory recorded").atMost(Duration.ofSeconds(15)).pollInSameThread()
        .until(kit::getState, state -> state instanceof Closed closed && closed.memoryRecorded());
  }
}
