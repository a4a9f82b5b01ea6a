package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.memory.MemoryEntry;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.MemoryId;
import io.parley.core.memory.SessionMemory;
import io.parley.core.memory.UserMemory;
import io.parley.core.session.Channel;
import io.parley.core.session.SessionId;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionServices;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Long-term memory is a help, not a dependency: a known customer's turn whose recall fails (off the
 * session's thread, on the blocking dispatcher) is answered without memories.
 */
class MemoryRecallFailureTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();

  /** A memory store that is down: every recall fails, and nothing else is asked of it in a turn. */
  private static final class UnreachableMemory implements UserMemory {
    final AtomicInteger recalls = new AtomicInteger();

    @Override
    public List<MemoryHit> recall(String tenant, String userId, String query, int limit) {
      recalls.incrementAndGet();
      throw new IllegalStateException("the memory store is unreachable");
    }

    @Override
    public void remember(SessionMemory memory) {
      throw new IllegalStateException("the memory store is unreachable");
    }

    @Override
    public List<MemoryEntry> all(String tenant, String userId) {
      throw new IllegalStateException("the memory store is unreachable");
    }

    @Override
    public boolean correct(String tenant, String userId, MemoryId id, String text) {
      throw new IllegalStateException("the memory store is unreachable");
    }

    @Override
    public boolean forget(String tenant, String userId, MemoryId id) {
      throw new IllegalStateException("the memory store is unreachable");
    }

    @Override
    public int forget(String tenant, String userId) {
      throw new IllegalStateException("the memory store is unreachable");
    }

    @Override
    public int forgetSessions(String tenant, List<String> sessionIds) {
      throw new IllegalStateException("the memory store is unreachable");
    }
  }

  @Test
  void aKnownCustomersTurnWhoseRecallFailsIsAnsweredWithoutMemories() {
    UnreachableMemory memory = new UnreachableMemory();
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      SessionServices services = TestSessionServices.withMemory(
          TestSessionServices.withModel(model.baseUrl(), TestSessionServices.settings()), memory);
      var kit = EventSourcedBehaviorTestKit.<SessionCommand, SessionEvent, SessionState>create(testKit.system(),
          ChatSession.create(SessionId.random("acme"), shard.getRef(), services));
      kit.<StatusReply<SessionInfo>>runCommand(replyTo -> new SessionCommand.Start(Optional.of("ada"), Channel.CHAT, replyTo));

      kit.<StatusReply<SessionCommand.Accepted>>runCommand(
          replyTo -> new SessionCommand.PostUserMessage("c-1", "Where is my order?", replyTo));
      var answer = kit.<StatusReply<SessionCommand.Answer>>runCommand(
          replyTo -> new SessionCommand.AwaitAnswer("turn-1", replyTo));

      assertEquals("You said: Where is my order?", Replies.value(answer.reply()).message().text());
      assertEquals(1, memory.recalls.get(), "the turn asked the store once");
      assertEquals("Where is my order?", model.lastRequest().lastUserMessage());
    }
  }
}
