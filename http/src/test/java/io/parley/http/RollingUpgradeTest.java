package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A rolling upgrade as an operator does it on release day, and a rollback: three nodes of the
 * previous release (its jar built from the git history, {@link PreviousRelease}) on one PostgreSQL
 * journal, stopped one by one (SIGTERM, a graceful leave) and started on this build's jar while a
 * dozen customers chat, then one node put back to the previous release. Every acked message is
 * stored once, no node fails to recover an entity, to read another's message or a statement, the
 * staff's session views answer throughout, each conversation's row in the read model counts what
 * its transcript holds, the tenant's webhook hears each of its messages under one delivery id, and
 * the longest pause a customer sees is printed. {@code -Dparley.previous-release=<commit>} starts
 * the cluster on another release ({@link PreviousRelease}).
 */
@UsesServerJar
@Tag("release-check")
class RollingUpgradeTest {
  private static final Path THIS_BUILD = Path.of("target", "parley-server.jar");
  private static final int CUSTOMERS = 12;
  private static final Duration SETTLE = Duration.ofSeconds(90);
  /** How long customers chat on the cluster after each step, before the next node goes. */
  private static final Duration BETWEEN_STEPS = Duration.ofSeconds(4);
  /** A node failing to recover an entity, to read or write another's message, or to write to or read from its database. */
  private static final Pattern FAILURES = Pattern.compile(".*(Exception during recovery|Failed to deserialize"
      + "|Failed to serialize|NotSerializableException|Failed to persist|SQLException).*");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The conversation events the tenant's webhook is subscribed to: one for each customer's and bot's message. */
  private static final List<String> WEBHOOK_EVENTS = List.of("conversation.started", "message.created");
  /**
   * Every node leaves gracefully here, so nothing is left for the failure detector to find; on two
   * busy cores a node's heartbeats can stall for seconds, and the production 3 s pause would down
   * a healthy node in the middle of the upgrade (ClusterTest measures failover).
   */
  private static final Map<String, String> SETTINGS = Map.of("PARLEY_HEARTBEAT_PAUSE", "20s",
      // A customer here sends hundreds of messages in one conversation.
      "PARLEY_SESSION_TOKEN_BUDGET", "100000000");

  /** The nodes customers and staff may use now: not one being stopped or still starting. */
  private final Set<Integer> serving = ConcurrentHashMap.newKeySet();
  private final List<String> staffFailures = new CopyOnWriteArrayList<>();
  private final AtomicLong staffViews = new AtomicLong();
  private final AtomicLong slowestStaffViewMs = new AtomicLong();
  private final Map<String, Long> longestPauseByStep = new ConcurrentHashMap<>();
  private volatile String step = "previous release";
  private volatile boolean done;

  @Test
  void upgradingNodeByNodeAndRollingOneBackLosesNoAckedMessageAndFailsNoRecovery() throws Exception {
    long started = System.nanoTime();
    PreviousRelease previous = PreviousRelease.get();
    System.out.printf("RollingUpgradeTest: the previous release %s %s%n", previous.commit(),
        previous.buildTime().isZero() ? "from the cache (" + previous.jar() + ")"
            : "built in " + previous.buildTime().toSeconds() + " s");
    assertTrue(THIS_BUILD.toFile().isFile(), THIS_BUILD + " is missing: this test runs after package");

    List<String> logs = new ArrayList<>();
    List<Customer> customers = new ArrayList<>();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start();
        WebhookReceiver webhook = WebhookReceiver.start("acme-secret");
        TestCluster cluster = TestCluster.startFrom(previous.jar(), 3, TestPostgres.newEmptyDatabase(), model.baseUrl(),
            withWebhook(webhook))) {
      cluster.awaitMembers(0, List.of(0, 1, 2), SETTLE);
      HttpResponse<String> subscribed = TestIdentity.asAdmin(cluster.httpPort(0), "PUT", "/v1/config?tenant=acme",
          "{\"config\": {\"webhookEvents\": " + JSON.writeValueAsString(WEBHOOK_EVENTS) + "}}");
      assertEquals(200, subscribed.statusCode(), subscribed.body());
      serving.addAll(List.of(0, 1, 2));
      for (int i = 0; i < CUSTOMERS; i++) customers.add(new Customer(i, cluster));
      List<Future<?>> running = new ArrayList<>();
      for (Customer customer : customers) running.add(threads.submit(customer));
      Future<?> staff = threads.submit(() -> {
        watchAsStaff(cluster, customers);
        return null;
      });
      TimeUnit.MILLISECONDS.sleep(BETWEEN_STEPS.toMillis());

      long upgradeStarted = System.nanoTime();
      for (int node = 0; node < 3; node++) replace(cluster, node, THIS_BUILD, "node " + node + " upgraded", logs);
      replace(cluster, 2, previous.jar(), "node 2 rolled back", logs);
      long upgradeSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - upgradeStarted);

      done = true;
      for (Future<?> customer : running) customer.get(90, TimeUnit.SECONDS);
      staff.get(30, TimeUnit.SECONDS);
      for (int node = 0; node < 3; node++) logs.add(cluster.process(node).output());

      int sent = customers.stream().mapToInt(customer -> customer.acked.size()).sum();
      Map.Entry<String, Long> longest = Collections.max(longestPauseByStep.entrySet(), Map.Entry.comparingByValue());
      System.out.printf("RollingUpgradeTest: %d customers had %d messages acked while three nodes went from %s to"
              + " this build one by one and node 2 went back (%d s); the longest pause a customer saw: %d ms (%s);"
              + " by step: %s; staff views: %d answered, the slowest in %d ms; %d s in all; load average %s%n",
          CUSTOMERS, sent, previous.commit(), upgradeSeconds, longest.getValue(), longest.getKey(), longestPauseByStep,
          staffViews.get(), slowestStaffViewMs.get(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
          TestCluster.loadAverage());

      List<String> failures = logs.stream().flatMap(String::lines).filter(line -> FAILURES.matcher(line).matches()).toList();
      Map<String, String> readModel = awaitAgreement(() -> readModelDifferences(cluster, customers));
      Map<String, String> webhooks = awaitAgreement(() -> webhookDifferences(cluster, customers, webhook));
      System.out.printf("RollingUpgradeTest: %d webhook deliveries accepted, %d attempts in all%n",
          webhook.deliveries().stream().filter(delivery -> delivery.status() == 204).count(), webhook.deliveries().size());
      // Every check reports, so one run tells all of what a pair of releases does wrong.
      assertAll(() -> assertEquals(List.of(), staffFailures, "the staff's session views answer throughout"),
          () -> assertEquals(List.of(), failures, "no node fails to read another's message, to recover an entity or a statement"),
          () -> assertEquals(Map.of(), readModel, "each conversation's row counts the messages its transcript holds"),
          () -> assertEquals(Map.of(), webhooks, "the webhook hears each message once, under one delivery id"),
          () -> assertAll(customers.stream()
              .map(customer -> (Executable) () -> customer.assertEveryAckedMessageStoredOnce(cluster))));
    } finally {
      done = true;
      threads.shutdownNow();
    }
  }

  private static Map<String, String> withWebhook(WebhookReceiver webhook) {
    Map<String, String> settings = new HashMap<>(SETTINGS);
    settings.put("PARLEY_WEBHOOKS", webhook.setting("acme"));
    settings.put("PARLEY_WEBHOOK_POLL_EVERY", "200ms");
    settings.put("PARLEY_WEBHOOK_FIRST_RETRY", "200ms");
    return settings;
  }

  /** What still differs once the projection and the outbox had a minute to catch up (nothing, when they agree). */
  private static Map<String, String> awaitAgreement(Callable<Map<String, String>> differences)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, String> found = differences.call();
    while (!found.isEmpty() && System.nanoTime() < deadline) {
      TimeUnit.SECONDS.sleep(1);
      found = differences.call();
    }
    return found;
  }

  /** Per conversation whose row in the read model does not count what its transcript holds, both figures. */
  private static Map<String, String> readModelDifferences(TestCluster cluster, List<Customer> customers) throws Exception {
    Map<String, JsonNode> rows = new HashMap<>();
    JsonNode page = get(cluster, "/v1/conversations?tenant=acme&limit=200");
    page.get("conversations").forEach(row -> rows.put(row.get("sessionId").asText(), row));
    Map<String, String> differences = new TreeMap<>();
    if (page.hasNonNull("next") || rows.size() != customers.size()) {
      differences.put("*", rows.size() + " rows listed (more: " + page.hasNonNull("next") + ") for " + customers.size()
          + " conversations");
    }
    for (Customer customer : customers) {
      JsonNode view = get(cluster, "/v1/sessions/" + customer.session + "?tenant=acme");
      JsonNode row = rows.get(customer.session);
      String expected = "user=" + messages(view, "user").size() + " bot=" + messages(view, "assistant").size();
      String found = row == null ? "no row"
          : "user=" + row.get("messages").get("user").asInt() + " bot=" + row.get("messages").get("bot").asInt();
      if (!expected.equals(found)) differences.put("customer " + customer.number, "transcript " + expected + ", row " + found);
    }
    return differences;
  }

  /**
   * Per conversation whose webhook deliveries do not tell each of its messages (from its customer's
   * first on) under exactly one delivery id, what is missing, extra or told under several ids.
   * A delivery is sent at least once (docs/bot-config.md): an id accepted again is no duplicate.
   */
  private static Map<String, String> webhookDifferences(TestCluster cluster, List<Customer> customers,
      WebhookReceiver webhook) throws Exception {
    Map<String, Map<String, Set<String>>> idsByEvent = new HashMap<>();
    for (WebhookReceiver.Delivery delivery : webhook.deliveries()) {
      if (delivery.status() != 204) continue;
      JsonNode body = delivery.body();
      String event = body.get("event").asText();
      String key = event.equals("message.created")
          ? event + " " + body.get("data").get("role").asText() + " " + body.get("data").get("seq").asLong() : event;
      idsByEvent.computeIfAbsent(body.get("conversationId").asText(), conversation -> new TreeMap<>())
          .computeIfAbsent(key, told -> new TreeSet<>()).add(delivery.id());
    }
    Map<String, String> differences = new TreeMap<>();
    for (Customer customer : customers) {
      JsonNode view = get(cluster, "/v1/sessions/" + customer.session + "?tenant=acme");
      long first = messages(view, "user").stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
      Set<String> expected = new TreeSet<>(Set.of("conversation.started"));
      for (String role : List.of("user", "assistant")) {
        messages(view, role).stream().filter(seq -> seq >= first).forEach(seq -> expected.add("message.created " + role + " " + seq));
      }
      Map<String, Set<String>> told = idsByEvent.getOrDefault(customer.session, Map.of());
      List<String> missing = expected.stream().filter(event -> !told.containsKey(event)).toList();
      List<String> extra = told.keySet().stream().filter(event -> !expected.contains(event)).toList();
      List<String> several = told.entrySet().stream().filter(event -> event.getValue().size() > 1)
          .map(event -> event.getKey() + " under " + event.getValue().size() + " ids").toList();
      if (!missing.isEmpty() || !extra.isEmpty() || !several.isEmpty()) {
        differences.put("customer " + customer.number, "missing " + missing + ", not in the transcript " + extra
            + ", told more than once " + several);
      }
    }
    return differences;
  }

  /** The seqs of a session view's messages of one role. */
  private static List<Long> messages(JsonNode view, String role) {
    List<Long> seqs = new ArrayList<>();
    for (JsonNode message : view.get("messages")) {
      if (message.get("role").asText().equals(role)) seqs.add(message.get("seq").asLong());
    }
    return seqs;
  }

  private static JsonNode get(TestCluster cluster, String path) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(cluster.httpPort(0), "GET", path, null);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return JSON.readTree(response.body());
  }

  /** Stops a node gracefully and starts it on {@code jar}; customers and staff keep to the other nodes meanwhile. */
  private void replace(TestCluster cluster, int node, Path jar, String label, List<String> logs) throws Exception {
    step = label;
    serving.remove(node);
    cluster.terminate(node); // SIGTERM: the node leaves, hands its shards over and tells its sockets
    logs.add(cluster.process(node).output());
    cluster.restartFrom(node, jar);
    cluster.awaitMembers(node, List.of(0, 1, 2), SETTLE);
    serving.add(node);
    TimeUnit.MILLISECONDS.sleep(BETWEEN_STEPS.toMillis());
  }

  /** A support agent reading each conversation in turn through whichever node serves. */
  private void watchAsStaff(TestCluster cluster, List<Customer> customers) throws InterruptedException {
    int round = 0;
    while (!done) {
      TimeUnit.MILLISECONDS.sleep(200);
      Customer customer = customers.get(round++ % customers.size());
      Integer node = pick(round);
      if (node == null || customer.session == null) continue;
      String path = "/v1/sessions/" + customer.session + "?tenant=acme";
      try {
        long asked = System.nanoTime();
        HttpResponse<String> view = TestIdentity.asAdmin(cluster.httpPort(node), "GET", path, null);
        staffViews.incrementAndGet();
        slowestStaffViewMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked), Math::max);
        if (view.statusCode() != 200 && serving.contains(node)) {
          staffFailures.add(step + ": node " + node + " answered " + view.statusCode() + " " + view.body());
        }
      } catch (Exception e) {
        if (serving.contains(node)) staffFailures.add(step + ": node " + node + ": " + e);
      }
    }
  }

  private Integer pick(int preference) {
    List<Integer> up = new ArrayList<>(serving);
    if (up.isEmpty()) return null;
    Collections.sort(up);
    return up.get(Math.floorMod(preference, up.size()));
  }

  /** A customer chatting in one session, reconnecting to another node whenever its node goes. */
  private final class Customer implements Runnable {
    private final int number;
    private final TestCluster cluster;
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Map<String, String> texts = new ConcurrentHashMap<>();
    private volatile String session;
    private ChatClient client;
    private long lastSeq;

    Customer(int number, TestCluster cluster) {
      this.number = number;
      this.cluster = cluster;
    }

    @Override
    public void run() {
      try {
        session = startConversation();
        for (int message = 1; !done; message++) {
          say("c" + number + "-" + message, "Customer " + number + " asks question " + message);
          TimeUnit.MILLISECONDS.sleep(500);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        if (client != null) client.close();
      }
    }

    /** Sends until acked (again after a reconnect: the same clientMsgId is stored once) and records the pause. */
    private void say(String clientMsgId, String text) throws InterruptedException {
      String during = step;
      long sent = System.nanoTime();
      long deadline = sent + SETTLE.toNanos();
      List<String> refusals = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        try {
          if (client == null) client = reconnect();
          if (client != null) {
            client.send(ChatClient.frame("user").put("clientMsgId", clientMsgId).put("text", text));
            JsonNode reply = client.next(frame -> Set.of("ack", "error", "closed").contains(frame.get("type").asText()));
            if (reply.get("type").asText().equals("ack")) {
              long pauseMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
              longestPauseByStep.merge(during, pauseMs, Math::max);
              Long earlier = acked.putIfAbsent(clientMsgId, reply.get("seq").asLong());
              assertTrue(earlier == null || earlier == reply.get("seq").asLong(), "an ack keeps its seq");
              texts.put(clientMsgId, text);
              awaitAnswer(reply.get("turnId").asText());
              return;
            }
            refusals.add(reply.toString());
            drop();
          }
        } catch (AssertionError | RuntimeException lost) {
          refusals.add(lost.toString());
          drop();
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
      throw new AssertionError("customer " + number + " was not acked " + clientMsgId + " within " + SETTLE + ": " + refusals);
    }

    /** The customer's new conversation, on the first node that starts one (a busy node may drop a socket). */
    private String startConversation() throws InterruptedException {
      long deadline = System.nanoTime() + SETTLE.toNanos();
      while (true) {
        try {
          client = ChatClient.connect(cluster.httpPort(number % 3), "acme");
          return client.startNew();
        } catch (AssertionError | RuntimeException dropped) {
          drop();
          if (System.nanoTime() > deadline) throw dropped;
          TimeUnit.MILLISECONDS.sleep(200);
        }
      }
    }

    private void awaitAnswer(String turnId) {
      JsonNode answer = client.next(frame -> frame.get("type").asText().equals("closed")
          || frame.get("type").asText().equals("message") && frame.get("turnId").asText().equals(turnId)
              && frame.get("role").asText().equals("assistant"));
      if (answer.get("type").asText().equals("closed")) drop();
      else lastSeq = Math.max(lastSeq, answer.get("seq").asLong());
    }

    private ChatClient reconnect() {
      Integer node = pick(number + (int) (System.nanoTime() % 3));
      if (node == null) return null;
      ChatClient resumed = ChatClient.connect(cluster.httpPort(node), "acme");
      resumed.send(ChatClient.frame("start").put("sessionId", session).put("resumeAfter", lastSeq));
      JsonNode answer = resumed.next(frame -> Set.of("session", "error", "closed").contains(frame.get("type").asText()));
      if (answer.get("type").asText().equals("session")) return resumed;
      resumed.close();
      return null;
    }

    private void drop() {
      if (client != null) client.close();
      client = null;
    }

    void assertEveryAckedMessageStoredOnce(TestCluster cluster) throws Exception {
      HttpResponse<String> view = TestIdentity.asAdmin(cluster.httpPort(0), "GET", "/v1/sessions/" + session + "?tenant=acme", null);
      assertEquals(200, view.statusCode(), view.body());
      Map<Long, String> stored = new ConcurrentHashMap<>();
      Map<String, Integer> copies = new ConcurrentHashMap<>();
      for (JsonNode message : JSON.readTree(view.body()).get("messages")) {
        stored.put(message.get("seq").asLong(), message.get("text").asText());
        copies.merge(message.get("text").asText(), 1, Integer::sum);
      }
      acked.forEach((clientMsgId, seq) -> {
        assertEquals(texts.get(clientMsgId), stored.get(seq), "customer " + number + "'s acked " + clientMsgId + " at seq " + seq);
        assertEquals(1, copies.get(texts.get(clientMsgId)), clientMsgId + " is stored once");
      });
    }
  }
}
