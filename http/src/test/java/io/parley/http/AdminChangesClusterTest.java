package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.http.cluster.AdminChange;
import io.parley.persistence.testing.TestPostgres;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database: an admin console's change stream open on one node hears of the changes
 * its tenant's admins make through the other, and of no other tenant's; an agent may not open it.
 * A customer's conversation begun (the first message) and closed over the chat socket of one node is
 * told to its tenant's consoles on the other, and to no other tenant's.
 * A node that stops ends its streams cleanly as it stops taking connections (not cut when its last
 * requests are), so their consoles move to another node at once.
 */
class AdminChangesClusterTest {
  @AutoClose private InJvmCluster nodes;

  @BeforeEach
  void start() throws Exception {
    nodes = TestNode.cluster(TestPostgres.newDatabase(), Optional.empty(), 2, ParleyNode::start);
    awaitTopicOnBothNodes(nodes.get(0));
  }

  @Test
  void aChangeMadeOnOneNodeReachesItsTenantsConsolesOnTheOtherAndNoOneElses() throws Exception {
    ParleyNode writer = nodes.get(0);
    ParleyNode reader = nodes.get(1);
    try (AdminChangeStream acme = AdminChangeStream.ready(reader, "acme");
        AdminChangeStream globex = AdminChangeStream.ready(reader, "globex")) {
      assertEquals(201, TestIdentity.asAdmin(writer.httpPort(), "POST", "/v1/kb/documents?tenant=acme",
          "{\"title\": \"Returns\", \"content\": \"Returns are free within 30 days.\", \"format\": \"text\"}").statusCode());
      assertEquals("knowledge", acme.next(), "acme's article, added on the other node");
      assertEquals(200, TestIdentity.asAdmin(writer.httpPort(), "PUT", "/v1/config?tenant=globex",
          "{\"config\": {\"assistantName\": \"Gus\"}}").statusCode());
      assertEquals("config", globex.next(), "globex's console hears of its own change first, nothing of acme's");
    }
    assertEquals(403, TestIdentity.call(reader.httpPort(), "GET", "/v1/admin/changes",
        "Bearer " + TestIdentity.agentKey("acme"), null).statusCode(), "an agent of the tenant");

    try (AdminChangeStream acme = AdminChangeStream.ready(reader, "acme")) {
      CoordinatedShutdown.get(reader.system()).run(CoordinatedShutdown.unknownReason());
      acme.ends(GracefulShutdown.HARD_DEADLINE.dividedBy(2));
    }
  }

  @Test
  void aCustomersConversationBegunAndClosedReachesItsTenantsConsolesOnly() throws Exception {
    ParleyNode chat = nodes.get(0);
    ParleyNode reader = nodes.get(1);
    try (AdminChangeStream acme = AdminChangeStream.ready(reader, "acme");
        AdminChangeStream globex = AdminChangeStream.ready(reader, "globex");
        ChatClient customer = ChatClient.connect(chat.httpPort(), "acme")) {
      customer.startNew();
      customer.answerTo("c-1", "Where is my parcel?");
      assertEquals("conversations", acme.next(), "acme's customer wrote in a conversation on the other node");
      customer.send(ChatClient.frame("close").put("reason", "resolved"));
      customer.expect("closed");
      assertEquals("conversations", acme.next(), "the conversation closed");

      assertEquals(200, TestIdentity.asAdmin(chat.httpPort(), "PUT", "/v1/config?tenant=globex",
          "{\"config\": {\"assistantName\": \"Gus\"}}").statusCode());
      assertEquals("config", globex.next(), "globex's console heard nothing of acme's conversation");
    }
  }

  /** Until the first node's topic knows the other node's: a notice published before reaches only the first node's own streams. */
  private static void awaitTopicOnBothNodes(ParleyNode node) throws Exception {
    ActorRef<Topic.Command<AdminChange>> topic = Adapter.toTyped(Adapter.toClassic(node.system())
        .actorSelection("/system/admin-changes-topic").resolveOne(Duration.ofSeconds(5)).toCompletableFuture().get());
    await("the nodes' admin-changes topics found each other").atMost(Duration.ofSeconds(30))
        .until(() -> AskPattern.<Topic.Command<AdminChange>, Topic.TopicStats>ask(topic, Topic::getTopicStats,
            Duration.ofSeconds(5), node.system().scheduler()).toCompletableFuture().get().topicInstanceCount() >= 2);
  }
}
