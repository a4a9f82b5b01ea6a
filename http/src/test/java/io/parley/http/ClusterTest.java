package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestPostgres;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.entity.ChatSession;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three nodes as separate JVMs on loopback, one PostgreSQL journal: sessions are reached through
 * any node, a node killed with SIGKILL loses its sessions to the survivors with their whole
 * history within seconds (printed, as measured), a rolling restart loses no acknowledged message
 * and tells no customer {@code unavailable}, and the management port lists the
 * members to an operator with the token only, and a tenant's daily token budget is one count for
 * every node that outlives the node holding it. The tests share one cluster and run in order;
 * each starts whatever node an earlier one left stopped.
 */
@RunsAlone
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  private static final Duration SETTLE = Duration.ofSeconds(60);
  /** The one tenant with a daily token budget; acme, every other test's tenant, has none. */
  private static final String BUDGETED = "initech";
  private static final Map<String, String> BUDGET_SETTINGS = Map.of(
      "PARLEY_TENANT_TOKEN_BUDGETS", "{\"" + BUDGETED + "\": 20}",
      // Every message asks the budget: a refusal shows the count the budget holds now.
      "PARLEY_TENANT_BUDGET_RECHECK_AFTER", "1ms",
      // Past the failover: a budget still moving after a crash is waited for, not failed open,
      // so an admitted message can only mean a lost count.
      "PARLEY_TENANT_BUDGET_CHECK_TIMEOUT", "20s");

  private FakeChatCompletionsServer model;
  private TestCluster cluster;
  /** Every session the tests created, with each acked clientMsgId and its seq: checked at the end. */
  private final Map<String, Map<String, Long>> ackedBySession = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> textBySession = new LinkedHashMap<>();

  @BeforeAll
  void start() throws Exception {
    model = FakeChatCompletionsServer.start();
    // A database without tables: the three nodes starting at once migrate it, as a new cluster does.
    cluster = TestCluster.start(3, TestPostgres.newEmptyDatabase(), model.baseUrl(), BUDGET_SETTINGS);
    cluster.awaitMembers(0, List.of(0, 1, 2), SETTLE);
  }

  @AfterAll
  void stop() {
    if (cluster != null) cluster.close();
    if (model != null) model.close();
  }

  @Test
  @Order(1)
  void managementListsTheMembersAndRefusesAMissingToken() {
    for (int node = 0; node < 3; node++) {
      JsonNode members = cluster.ops(node).json("/cluster/members");
      assertEquals(3, members.get("members").size(), members.toString());
      assertEquals(cluster.address(node), members.get("selfNode").asText());
    }
    HttpResponse<String> anonymous = OpsClient.as(managementPort(1), Optional.empty()).get("/cluster/members");
    assertEquals(401, anonymous.statusCode(), anonymous.body());
  }

  @Test
  @Order(2)
  void aSessionStartedOnOneNodeIsUsedThroughTheOthersAndStreamsToEveryConnection() {
    try (ChatClient a = ChatClient.connect(cluster.httpPort(0), "acme");
        ChatClient b = ChatClient.connect(cluster.httpPort(1), "acme");
        ChatClient c = ChatClient.connect(cluster.httpPort(2), "acme")) {
      String sessionId = a.startNew();
      assertEquals(0, b.resume(sessionId, 0).get("lastSeq").asLong());
      assertEquals(0, c.resume(sessionId, 0).get("lastSeq").asLong());

      model.enqueue(Reply.answer("Your order 1042 left our warehouse this morning").withChunkDelay(Duration.ofMillis(30)));
      JsonNode ack = b.say("b-1", "Where is my order 1042?");
      assertEquals(1, ack.get("seq").asLong());
      record(sessionId, "b-1", ack, "Where is my order 1042?");
      for (ChatClient client : List.of(a, b, c)) {
        List<JsonNode> turn = new ArrayList<>();
        JsonNode frame;
        do {
          frame = client.next(f -> List.of("delta", "message").contains(f.get("type").asText()));
          turn.add(frame);
        } while (!ChatClient.isMessage(frame, "assistant"));
        String streamed = turn.stream().filter(f -> f.get("type").asText().equals("delta"))
            .map(f -> f.get("text").asText()).collect(Collectors.joining());
        assertEquals("Your order 1042 left our warehouse this morning", streamed,
            "every connection, on every node, gets every delta of the answer");
        assertEquals(2, frame.get("seq").asLong());
      }

      JsonNode second = c.say("c-1", "Thanks!");
      record(sessionId, "c-1", second, "Thanks!");
      assertEquals("You said: Thanks!", a.answerOf(second.get("turnId").asText()).get("text").asText());
      assertEquals("You said: Thanks!", b.answerOf(second.get("turnId").asText()).get("text").asText());
    }
  }

  @Test
  @Order(3)
  void aKilledNodesSessionsAnswerAgainOnTheSurvivorsWithinSecondsWithTheirWholeHistory() throws Exception {
    ensureAllRunning();
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < 9; i++) sessions.add(startSessionWithOneExchange(i % 3, "k" + i));
    JsonNode sharding = sharding(0);
    int onVictim = entitiesOn(sharding, ChatSession.ENTITY_KEY.name(), 2);
    assertTrue(onVictim >= 1, "node 2 hosts some of the sessions before it is killed: " + sharding);

    // Node 2's own customer talks to one of the sessions node 2 hosts, found by its shard.
    List<String> victimShards = cluster.ops(2).json("/cluster/shards/" + ChatSession.ENTITY_KEY.name())
        .findValuesAsText("shardId");
    String sessionOfKilledNodesClient = sessions.stream()
        .filter(s -> victimShards.contains(TestCluster.shardOf("acme", s))).findFirst()
        .orElseThrow(() -> new AssertionError("no session in node 2's shards " + victimShards));
    // Held through the kill: every session from a survivor, and one from node 2's own client.
    Map<String, ChatClient> heldOnSurvivors = new LinkedHashMap<>();
    for (int i = 0; i < sessions.size(); i++) {
      ChatClient client = ChatClient.connect(cluster.httpPort(i % 2), "acme");
      client.resume(sessions.get(i), lastSeq(sessions.get(i)));
      heldOnSurvivors.put(sessions.get(i), client);
    }
    ChatClient onKilledNode = ChatClient.connect(cluster.httpPort(2), "acme");
    onKilledNode.resume(sessionOfKilledNodesClient, lastSeq(sessionOfKilledNodesClient));

    Instant killedOn = Instant.now();
    long killedAt = System.nanoTime();
    cluster.kill(2);
    assertTrue(onKilledNode.awaitClose().length() > 0, "the killed node's sockets drop");
    onKilledNode.close();

    // Every customer at once, as after a real crash: each asks until its session answers again.
    ExecutorService customers = Executors.newFixedThreadPool(heldOnSurvivors.size() + 1);
    try {
      Map<String, Future<Answered>> answered = new LinkedHashMap<>();
      heldOnSurvivors.forEach((session, client) -> answered.put(session, customers.submit(
          () -> answeredAgain(client, "after-kill", "Still there?", killedAt))));
      // The killed node's client reconnects to a survivor and resumes: nothing it was acked is missing.
      long seenByKilledNodesClient = lastSeq(sessionOfKilledNodesClient);
      Future<Answered> moved = customers.submit(() -> {
        try (ChatClient client = cluster.resumeOn(
            "acme", sessionOfKilledNodesClient, seenByKilledNodesClient, SETTLE, List.of(1, 0))) {
          return answeredAgain(client, "moved-1", "I am back after the crash", killedAt);
        }
      });
      List<Long> millis = new ArrayList<>();
      for (Map.Entry<String, Future<Answered>> each : answered.entrySet()) {
        millis.add(each.getValue().get().record(each.getKey(), this));
      }
      long reconnected = moved.get().record(sessionOfKilledNodesClient, this);
      System.out.printf("ClusterTest failover: the killed node held %d sessions; after SIGKILL each of these %d answered"
              + " a customer held on a survivor again after %s ms (the last %d ms), the killed node's own customer,"
              + " reconnected to a survivor, after %d ms; killed at %s (see the nodes' logs for the steps); load average %s%n",
          onVictim, sessions.size(), millis, millis.stream().mapToLong(Long::longValue).max().orElseThrow(),
          reconnected, killedOn, TestCluster.loadAverage());
    } finally {
      customers.shutdownNow();
      heldOnSurvivors.values().forEach(ChatClient::close);
    }
    cluster.awaitMembers(0, List.of(0, 1), SETTLE);
    assertEquals(2, cluster.ops(1).json("/cluster/members").get("members").size(),
        "the management port shows the killed node gone");
    for (String session : sessions) {
      try (ChatClient reader = cluster.resumeOn("acme", session, 0, SETTLE, List.of(1, 0))) {
        assertHistoryComplete(session, reader);
      }
    }
  }

  @Test
  @Order(4)
  void aRollingRestartLosesNoAckedMessageAndTellsNoCustomerUnavailable() throws Exception {
    ensureAllRunning();
    String roaming;
    try (ChatClient client = ChatClient.connect(cluster.httpPort(0), "acme")) {
      roaming = client.startNew();
    }
    List<String> bystanders = List.copyOf(ackedBySession.keySet());
    ExecutorService operator = Executors.newSingleThreadExecutor();
    try {
      for (int node = 0; node < 3; node++) {
        int next = (node + 1) % 3;
        int leaving = node;
        // Customers held on a node that stays, some of whose sessions live on the node that goes.
        Map<String, ChatClient> held = new LinkedHashMap<>();
        for (String session : bystanders) {
          ChatClient client = ChatClient.connect(cluster.httpPort(next), "acme");
          held.put(session, client);
          client.resume(session, lastSeq(session));
        }
        int movedSessions = entitiesOn(sharding(next), ChatSession.ENTITY_KEY.name(), node);
        Map<String, JsonNode> ackedBeforeShutdown = new LinkedHashMap<>();
        try (ChatClient client = ChatClient.connect(cluster.httpPort(node), "acme")) {
          client.resume(roaming, lastSeq(roaming));
          for (int i = 1; i <= 5; i++) {
            client.send(frame("user").put("clientMsgId", "roll-" + node + "-" + i).put("text", "step " + node + "." + i));
          }
          client.expect("ack"); // at least one stored; the others are on the wire when the node goes
          Future<?> gone = operator.submit(() -> {
            if (leaving != 1) return cluster.terminate(leaving);
            // The operator's drain: a leave through the management port of another node.
            HttpResponse<String> leave = cluster.ops(0).put("/cluster/members/" + cluster.address(1), "operation", "Leave");
            assertEquals(200, leave.statusCode(), leave.body());
            assertEquals(0, cluster.process(1).awaitExit(), "a node that left ends its process");
            return 0;
          });
          // While the node hands its sessions over, their customers elsewhere go on talking.
          int rounds = 0;
          long slowestAckMs = 0;
          do {
            rounds++;
            for (Map.Entry<String, ChatClient> customer : held.entrySet()) {
              String id = "during-leave-" + node + "-" + rounds;
              String text = "Still with me while node " + node + " goes? " + rounds;
              long sent = System.nanoTime();
              JsonNode ack = customer.getValue().say(id, text);
              slowestAckMs = Math.max(slowestAckMs, Duration.ofNanos(System.nanoTime() - sent).toMillis());
              assertEquals("ack", ack.get("type").asText(), "a graceful leave refuses no customer: " + ack);
              record(customer.getKey(), id, ack, text);
              customer.getValue().answerOf(ack.get("turnId").asText());
            }
          } while (!gone.isDone());
          gone.get();
          System.out.printf("ClusterTest rolling restart: node %d went (%d sessions to move) while %d customers"
                  + " elsewhere talked %d rounds; none was told unavailable, the slowest ack took %d ms; load average %s%n",
              node, movedSessions, held.size(), rounds, slowestAckMs, TestCluster.loadAverage());

          List<JsonNode> frames = client.drain(Duration.ofMillis(300));
          JsonNode last = frames.get(frames.size() - 1);
          assertEquals("closed", last.get("type").asText(), "the socket ends with a closed frame: " + frames);
          assertEquals("node_shutdown", last.get("reason").asText());
          frames.stream().filter(f -> f.get("type").asText().equals("ack"))
              .forEach(ack -> ackedBeforeShutdown.put(ack.get("clientMsgId").asText(), ack));
        } finally {
          held.values().forEach(ChatClient::close);
        }
        // The client reconnects elsewhere and sends again whatever it was not told is stored; the
        // session has moved already, so neither the resume nor a message is refused.
        // From 0: the answers to messages acked before the shutdown may be in the replay.
        try (ChatClient client = ChatClient.connect(cluster.httpPort(next), "acme")) {
          client.send(frame("start").put("sessionId", roaming).put("resumeAfter", 0));
          JsonNode resumed = client.next(f -> List.of("session", "error").contains(f.get("type").asText()));
          assertEquals("session", resumed.get("type").asText(), "the resume after a graceful leave: " + resumed);
          for (int i = 1; i <= 5; i++) {
            String id = "roll-" + node + "-" + i;
            String text = "step " + node + "." + i;
            JsonNode ack = client.say(id, text);
            record(roaming, id, ack, text);
            assertEquals("You said: " + text, client.answerOf(ack.get("turnId").asText()).get("text").asText());
            JsonNode earlier = ackedBeforeShutdown.get(id);
            if (earlier != null) {
              assertEquals(earlier.get("seq").asLong(), ack.get("seq").asLong(), "a resent message keeps its first seq");
            }
          }
        }
        cluster.restart(node);
        cluster.awaitMembers(next, List.of(0, 1, 2), SETTLE);
      }
    } finally {
      operator.shutdownNow();
    }
    for (String session : ackedBySession.keySet()) {
      try (ChatClient reader = cluster.resumeOn("acme", session, 0, SETTLE, List.of(0, 1, 2))) {
        assertHistoryComplete(session, reader);
      }
    }
  }

  @Test
  @Order(5)
  void aTenantsDailyBudgetIsOneCountForEveryNodeAndOutlivesTheNodeHoldingIt() throws Exception {
    ensureAllRunning();
    try (ChatClient spender = ChatClient.connect(cluster.httpPort(1), BUDGETED);
        ChatClient colleague = ChatClient.connect(cluster.httpPort(2), BUDGETED);
        ChatClient otherTenant = ChatClient.connect(cluster.httpPort(2), "acme")) {
      spender.startNew();
      colleague.startNew();
      otherTenant.startNew();
      spendTheBudget(spender);
      assertRefusedForTheDay(colleague.say("colleague-1", "Can I still change the delivery address?"));
      JsonNode unaffected = otherTenant.say("other-1", "Can I still change the delivery address?");
      assertEquals("ack", unaffected.get("type").asText(), "another tenant is not limited: " + unaffected);
      otherTenant.answerOf(unaffected.get("turnId").asText());
    }

    int holder = budgetHolder(0);
    List<Integer> survivors = List.of(0, 1, 2).stream().filter(node -> node != holder).toList();
    try (ChatClient afterCrash = ChatClient.connect(cluster.httpPort(survivors.get(0)), BUDGETED)) {
      afterCrash.startNew(); // no message yet: its admission has heard no standing to remember
      cluster.kill(holder);
      for (int node : survivors) cluster.awaitMembers(node, survivors, SETTLE);
      JsonNode answer = sayWhileMoving(afterCrash, "after-crash-1", "Is anyone there?");
      assertEquals("error", answer.get("type").asText(),
          "the budget was spent before node " + holder + " was killed, yet a message was admitted: " + answer);
      assertRefusedForTheDay(answer);
    }
    assertTrue(survivors.contains(budgetHolder(survivors.get(0))), "the budget recovered on a survivor");
  }

  // --- helpers ---

  /** Answered turns through one node until its next message is refused: the budget has counted them. */
  private static void spendTheBudget(ChatClient client) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    for (int turn = 1; System.nanoTime() < deadline; turn++) {
      JsonNode answer = client.say("spend-" + turn, "Please tell me everything about shipping to Norway");
      if (answer.get("type").asText().equals("error")) {
        assertTrue(turn > 1, "the first message of the day is admitted: " + answer);
        assertRefusedForTheDay(answer);
        return;
      }
      client.answerOf(answer.get("turnId").asText());
    }
    throw new AssertionError("the budget was not spent within " + SETTLE);
  }

  private static void assertRefusedForTheDay(JsonNode answer) {
    assertEquals("budget_exceeded", answer.path("code").asText(), answer.toString());
    long retryAfter = answer.get("retryAfterMs").asLong();
    assertTrue(retryAfter > 0 && retryAfter <= Duration.ofDays(1).toMillis(), "until midnight UTC: " + answer);
  }

  /** The node whose region holds a budget entity (there is one, the budgeted tenant's), once the stats show it. */
  private int budgetHolder(int asking) {
    JsonNode sharding = await("one node holding " + BUDGETED + "'s budget").atMost(SETTLE)
        .pollInterval(Duration.ofMillis(250)).until(() -> sharding(asking), stats -> budgetHolders(stats).size() == 1);
    return budgetHolders(sharding).get(0);
  }

  private List<Integer> budgetHolders(JsonNode sharding) {
    List<Integer> holders = new ArrayList<>();
    for (int node = 0; node < cluster.size(); node++) {
      if (entitiesOn(sharding, TenantTokenBudget.ENTITY_KEY.name(), node) > 0) holders.add(node);
    }
    return holders;
  }

  private String startSessionWithOneExchange(int node, String prefix) {
    try (ChatClient client = ChatClient.connect(cluster.httpPort(node), "acme")) {
      String session = client.startNew();
      JsonNode ack = client.say(prefix + "-1", "Hello from session " + prefix);
      record(session, prefix + "-1", ack, "Hello from session " + prefix);
      client.answerOf(ack.get("turnId").asText());
      return session;
    }
  }

  /** A message acked after a crash, with its answer and when the ack came. */
  private record Answered(String clientMsgId, String text, JsonNode ack, JsonNode answer, long ackedAfterMs) {
    /** Records the ack for the history check (on the test's thread) and returns the time to it. */
    long record(String session, ClusterTest test) {
      test.record(session, clientMsgId, ack, text);
      assertEquals("You said: " + text, answer.get("text").asText());
      return ackedAfterMs;
    }
  }

  /** Sends until acked (the same clientMsgId again while the session moves), then reads the answer. */
  private static Answered answeredAgain(ChatClient client, String clientMsgId, String text, long since)
      throws InterruptedException {
    JsonNode ack = sayWhileMoving(client, clientMsgId, text);
    long ackedAfterMs = Duration.ofNanos(System.nanoTime() - since).toMillis();
    assertEquals("ack", ack.get("type").asText(), ack.toString());
    return new Answered(clientMsgId, text, ack, client.answerOf(ack.get("turnId").asText()), ackedAfterMs);
  }

  /** As a client does: the same clientMsgId again while the session is moving; the first other answer. */
  private static JsonNode sayWhileMoving(ChatClient client, String clientMsgId, String text) {
    return await(clientMsgId + " answered other than unavailable").atMost(SETTLE).pollInterval(Duration.ofMillis(300))
        .until(() -> client.say(clientMsgId, text), answer -> !answer.path("code").asText().equals("unavailable"));
  }

  /** Every message the test was told is stored is in the replay, at its seq, once; seqs have no gap. */
  private void assertHistoryComplete(String session, ChatClient resumedFromZero) {
    long lastSeq = lastSeq(session);
    Map<Long, JsonNode> bySeq = new LinkedHashMap<>();
    while (bySeq.size() < lastSeq) {
      JsonNode message = resumedFromZero.expect("message");
      assertFalse(bySeq.containsKey(message.get("seq").asLong()), "no message is replayed twice");
      bySeq.put(message.get("seq").asLong(), message);
    }
    for (long seq = 1; seq <= lastSeq; seq++) assertTrue(bySeq.containsKey(seq), session + " has seq " + seq);
    ackedBySession.get(session).forEach((clientMsgId, seq) -> assertEquals(
        textBySession.get(session).get(clientMsgId), bySeq.get(seq).get("text").asText(),
        "acked " + clientMsgId + " is stored at seq " + seq + " in " + session));
  }

  private void record(String session, String clientMsgId, JsonNode ack, String text) {
    assertEquals("ack", ack.get("type").asText(), ack.toString());
    Long earlier = ackedBySession.computeIfAbsent(session, s -> new LinkedHashMap<>())
        .putIfAbsent(clientMsgId, ack.get("seq").asLong());
    if (earlier != null) assertEquals(earlier.longValue(), ack.get("seq").asLong(), "an ack never changes its seq");
    textBySession.computeIfAbsent(session, s -> new LinkedHashMap<>()).put(clientMsgId, text);
  }

  /** The highest seq known stored: every acked user message is followed by its answer. */
  private long lastSeq(String session) {
    return ackedBySession.getOrDefault(session, Map.of()).values().stream().mapToLong(seq -> seq + 1).max().orElse(0);
  }

  private JsonNode sharding(int asking) {
    return cluster.ops(asking).json("/cluster/sharding");
  }

  private int entitiesOn(JsonNode sharding, String entityType, int node) {
    for (JsonNode type : sharding.get("entityTypes")) {
      if (!type.get("name").asText().equals(entityType)) continue;
      for (JsonNode region : type.get("regions")) {
        if (region.get("address").asText().equals(cluster.address(node))) return region.get("entities").asInt();
      }
    }
    return 0;
  }

  private int managementPort(int node) {
    return cluster.process(node).managementPort;
  }

  private void ensureAllRunning() throws Exception {
    List<Integer> all = List.of(0, 1, 2);
    for (int node : all) if (!cluster.process(node).isAlive()) cluster.restart(node);
    cluster.awaitMembers(0, all, SETTLE);
  }
}
