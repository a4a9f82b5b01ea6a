package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.cost.Spend;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.session.Channel;
import io.parley.core.session.SessionId;
import io.parley.core.testing.RecordedSpend;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionServices;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An answered turn's tokens, read and written, are told as the conversation's model cost, keyed by the turn. */
class TurnCostTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();

  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();

  @Test
  void anAnsweredTurnsTokensAreTheConversationsModelCost() {
    RecordedSpend spend = new RecordedSpend();
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      SessionServices services = TestSessionServices.withCosts(
          TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()), spend);
      SessionId id = SessionId.random("acme");
      var kit = EventSourcedBehaviorTestKit.<SessionCommand, SessionEvent, SessionState>create(testKit.system(),
          ChatSession.create(id, shard.getRef(), services));
      kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
      kit.<StatusReply<SessionCommand.Accepted>>runCommand(replyTo -> new SessionCommand.PostUserMessage("c-1",
          "Where is my order?", replyTo));
      kit.<StatusReply<SessionCommand.Answer>>runCommand(replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));

      List<RecordedSpend.Told> told = spend.told();
      assertEquals(1, told.size(), told.toString());
      assertEquals(List.of("acme", id.wireId(), "model/" + id.wireId() + "/turn-1"),
          List.of(told.get(0).tenant(), told.get(0).conversation(), told.get(0).key()));
      Spend.Answered answered = (Spend.Answered) told.get(0).spend();
      assertEquals("test-model", answered.engine(), "a configuration naming no provider is priced at the node's");
      assertTrue(answered.inputTokens() > 0 && answered.outputTokens() > 0, answered.toString());
    }
  }
}
