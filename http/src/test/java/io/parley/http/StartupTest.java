package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.identity.staff.PasswordCost;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.turn.TurnPrompts;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad setting stops start-up with a message naming the variable and the expected form. Each child
 * node waits for its own outcome, never for a clock, so the class runs beside others; the threads a
 * node starts are counted alone ({@link SessionStartThreadsTest}). The tests that only need a node
 * running, which none of them stops or writes to, share one for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartupTest {
  /**
   * The running node: a new JVM on a new data directory, logging as text, telephony on. Its first
   * request is the search of the test ordered first, made as soon as the node is ready.
   */
  private static NodeProcess running;
  @TempDir static Path runningDataDir;
  @TempDir Path dataDir;

  @BeforeAll
  static void startTheRunningNode() throws Exception {
    // G1, the collector a node gets on the machines it runs on (the tests' own JVMs collect serially).
    running = NodeProcess.start(Map.of("PARLEY_LOG_FORMAT", "text", "PARLEY_DATA_DIR", runningDataDir.toString(),
        "PARLEY_SIP_ENABLED", "true", "PARLEY_SIP_PORT", Integer.toString(NodeProcess.freePort())),
        List.of("-XX:+UseG1GC", "-XX:MaxHeapFreeRatio=50")).awaitReady();
  }

  @AfterAll
  static void stopTheRunningNode() {
    if (running != null) running.close();
  }

  @Test
  void aBadValueStopsTheProcessWithExitCode2AndNamesTheVariable() throws Exception {
    try (NodeProcess node = NodeProcess.start(Map.of("PARLEY_HTTP_PORT", "eighty", "PARLEY_DATA_DIR", dataDir.toString()))) {
      assertEquals(2, node.awaitExit());
      assertTrue(node.output().contains("PARLEY_HTTP_PORT (parley.http.port): expected a TCP port number from 0 to 65535,"
          + " got 'eighty'"), node.output());
    }
  }

  @Test
  void aNumberOfShardsOtherThanTheDatabasesStopsTheStartAndSaysWhichToSet() throws Exception {
    try (NodeProcess first = NodeProcess.start(Map.of("PARLEY_DATA_DIR", dataDir.toString())).awaitReady()) {
      startSessions(first.port, 1);
      first.terminate();
    }
    try (NodeProcess second = NodeProcess.start(Map.of("PARLEY_CLUSTER_SHARDS", "1000", "PARLEY_DATA_DIR", dataDir.toString()))) {
      assertEquals(2, second.awaitExit());
      assertTrue(second.output().contains("PARLEY_CLUSTER_SHARDS (parley.cluster.shards) is 1000, but this database's "
          + "cluster spreads its entities over 100 shards, fixed when its first node started: set PARLEY_CLUSTER_SHARDS=100"),
          second.output());
    }
  }

  @Test
  void aTextLogIsOneReadableLinePerEvent() throws Exception {
    // With telephony on: the SIP stack's start is part of what a node logs.
    // The log is written asynchronously: the line may follow readiness by a moment.
    await("the ready line logged").atMost(Duration.ofSeconds(5))
        .until(() -> running.output().contains("Parley node listening on"));
    String output = running.output();
    String started = output.lines().filter(line -> line.contains("Parley node listening on")).findFirst()
        .orElseThrow(() -> new AssertionError("no ready line in " + output));
    assertTrue(started.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .*"), started);
    assertTrue(output.lines().noneMatch(line -> line.startsWith("{")), "no JSON: " + output);
    assertTrue(output.lines().noneMatch(line -> line.contains("GPU")), "no GPU warning on a CPU-only node");
    assertTrue(output.lines().anyMatch(line -> line.contains("SIP listening on")), "telephony started: " + output);
    assertTrue(output.lines().noneMatch(line -> line.contains("TLS")), "no TLS warning from the SIP stack: " + output);
    // A cluster of one joins itself as it starts: no word of Cluster Bootstrap or of a join to do by hand.
    assertTrue(output.lines().anyMatch(line -> line.contains("is JOINING itself")), output);
    assertTrue(output.lines().noneMatch(line -> line.contains("Cluster Bootstrap") || line.contains("manual cluster join")),
        output);
    assertTrue(output.lines().noneMatch(line -> line.contains("WARN") && line.contains("PARLEY_OPS_TOKEN")),
        "a cluster of one needs no operator token: " + output);
    // The node has G1 give back a quiet node's heap, except as far as the JVM's command line says otherwise.
    assertTrue(output.lines().anyMatch(line -> line.contains("INFO") && line.contains("Heap: after 5000 ms without a "
        + "collection G1 runs one and gives back the heap beyond 50 % free")), output);
    assertTrue(output.lines().anyMatch(line -> line.contains("WARN") && line.contains("The default tenant demo is open: "
        + "anyone who reaches this node may chat in it without a credential")),
        "a node no PARLEY_TENANTS configures says its default tenant is open: " + output);
  }

  @Test
  @Order(1)
  void aNewNodeGetsReadyWhileItsEmbeddingModelLoadsAndItsFirstSearchFindsTheSampleArticles() throws Exception {
    // At once, in a new JVM on a new data directory: the model and the sample articles may still be loading.
    HttpResponse<String> found = TestIdentity.asAdmin(running.port, "GET",
        "/v1/kb/search?limit=1&q=" + URLEncoder.encode("how long do refunds take", StandardCharsets.UTF_8), null);
    assertEquals(200, found.statusCode(), found.body());
    JsonNode hit = new ObjectMapper().readTree(found.body()).get("results").get(0);
    assertEquals("Returns and refunds", hit.get("title").asText(), found.body());
  }

  static void startSessions(int port, int count) {
    for (int i = 0; i < count; i++) {
      try (ChatClient client = ChatClient.connect(port, "acme")) {
        client.startNew();
      }
    }
  }

  @Test
  void aPortInUseFailsTheStartWithExitCode1() throws Exception {
    try (NodeProcess second = NodeProcess.start(Map.of(
        "PARLEY_HTTP_PORT", Integer.toString(running.port), "PARLEY_DATA_DIR", dataDir.toString()))) {
      assertEquals(1, second.awaitExit());
      assertTrue(second.output().contains("parley: failed to start"), second.output());
    }
  }

  @Test
  void aTakenSipPortFailsTheStartNamingTheSettingsThatMoveIt() throws Exception {
    // Held as a first node on this machine holds it (SIP over UDP, the first socket a node binds).
    // A node that did not exit as expected is killed with the test.
    try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        NodeProcess second = NodeProcess.start(Map.of("PARLEY_SIP_ENABLED", "true",
            "PARLEY_SIP_PORT", Integer.toString(udp.getLocalPort()), "PARLEY_DATA_DIR", dataDir.toString()))) {
      assertEquals(1, second.awaitExit());
      String output = second.output();
      assertTrue(output.contains("the SIP bridge could not listen on 127.0.0.1:" + udp.getLocalPort()), output);
      assertTrue(output.contains("give each node its own PARLEY_SIP_PORT"), output);
      assertTrue(output.contains("PARLEY_SIP_ENABLED=false"), output);
    }
  }

  @Test
  void settingsNameTheirEnvironmentVariable() {
    assertInvalid("PARLEY_LLM_MODEL", () -> settings(Map.of("parley.llm.base-url", "http://127.0.0.1:11434/v1")));
    assertInvalid("PARLEY_LLM_BASE_URL", () -> settings(Map.of("parley.llm.base-url", "localhost:11434", "parley.llm.model", "m")));
    assertInvalid("PARLEY_MAX_TEXT_SIZE", () -> settings(Map.of("parley.chat.max-text-size", "lots")));
    assertInvalid("PARLEY_DEFAULT_TENANT", () -> settings(Map.of("parley.chat.default-tenant", "Not A Tenant")));
    assertInvalid("PARLEY_ANSWER_MAX_TOKENS", () -> sessionSettings(Map.of("parley.session.answer-max-tokens", "200000")));
    assertInvalid("PARLEY_CONTEXT_TOKENS", () -> TurnPrompts.create(sessionSettings(Map.of(
        "parley.session.context-tokens", "1200", "parley.session.answer-max-tokens", "1000"))));
    assertInvalid("PARLEY_TEMPERATURE", () -> sessionSettings(Map.of("parley.session.temperature", "7")));
    assertInvalid("PARLEY_LOG_FORMAT", () -> settings(Map.of("parley.log.format", "xml")));
    assertEquals("offline", settings(Map.of()).mode());
    NodeSettings withModel = settings(Map.of("parley.llm.base-url", "http://127.0.0.1:11434/v1/", "parley.llm.model", "llama3.3"));
    assertEquals("llm", withModel.mode());
    assertEquals("http://127.0.0.1:11434/v1/chat/completions", withModel.llm().get(0).chatCompletionsUrl().toString());
  }

  @Test
  void aProviderListReplacesTheSingleEndpoint() {
    NodeSettings listed = settings(Map.of(
        "parley.llm.base-url", "http://127.0.0.1:11434/v1", "parley.llm.model", "llama3.3",
        "parley.llm.providers", "[{\"name\":\"workers-ai\",\"baseUrl\":\"https://api.example.com/ai/v1\","
            + "\"model\":\"@cf/meta/llama-3.3-70b-instruct-fp8-fast\",\"apiKey\":\"k\"},"
            + "{\"name\":\"ollama\",\"baseUrl\":\"http://127.0.0.1:11434/v1\",\"model\":\"llama3.3\"}]"));
    assertEquals(java.util.List.of("workers-ai", "ollama"), listed.llm().stream().map(e -> e.name()).toList());
    assertEquals("llm", listed.mode());

    NodeSettings fromHocon = NodeSettings.create(ConfigFactory.parseString(
        "parley.llm.providers = [{name = a, baseUrl = \"http://127.0.0.1:8000/v1\", model = m}]")
        .withFallback(ConfigFactory.load()));
    assertEquals("a", fromHocon.llm().get(0).name());

    assertInvalid("PARLEY_LLM_PROVIDERS", () -> settings(Map.of("parley.llm.providers", "[{\"name\":\"a\"")));
    InvalidSettingException duplicate = org.junit.jupiter.api.Assertions.assertThrows(InvalidSettingException.class,
        () -> settings(Map.of("parley.llm.providers",
            "[{\"name\":\"a\",\"baseUrl\":\"http://h/v1\",\"model\":\"m\"},"
                + "{\"name\":\"a\",\"baseUrl\":\"http://g/v1\",\"model\":\"m\",\"apiKey\":\"sk-secret\"}]")));
    assertTrue(duplicate.getMessage().startsWith("PARLEY_LLM_PROVIDERS (parley.llm.providers): entry 2: name \"a\" is "
        + "already the name of entry 1; names must be unique; expected a JSON array of"), duplicate.getMessage());
    assertTrue(!duplicate.getMessage().contains("sk-secret"), duplicate.getMessage());
    assertInvalid("PARLEY_BREAKER_RESET_TIMEOUT", () -> io.parley.sessions.resilience.BreakerSettings.create(
        ConfigFactory.parseMap(Map.of("parley.resilience.breaker.reset-timeout", "-1s")).withFallback(ConfigFactory.load())));
  }

  @Test
  void aPasswordCostBelowArgon2sFloorNamesItsVariableAndTheDefaultIsOwaspsFirstChoice() {
    assertInvalid("PARLEY_STAFF_PASSWORD_MEMORY_KIB", () -> StaffSettings.create(ConfigFactory.parseMap(
        Map.of("parley.staff.password-memory-kib", "4")).withFallback(ConfigFactory.load())));
    assertInvalid("PARLEY_STAFF_PASSWORD_PASSES", () -> StaffSettings.create(ConfigFactory.parseMap(
        Map.of("parley.staff.password-passes", "0")).withFallback(ConfigFactory.load())));
    assertEquals(PasswordCost.OWASP, StaffSettings.create(ConfigFactory.load()).passwordCost());
    assertEquals(new PasswordCost(12_288, 3), StaffSettings.create(ConfigFactory.parseMap(Map.of(
        "parley.staff.password-memory-kib", "12288", "parley.staff.password-passes", "3"))
        .withFallback(ConfigFactory.load())).passwordCost());
  }

  private static NodeSettings settings(Map<String, String> values) {
    return NodeSettings.create(ConfigFactory.parseMap(values).withFallback(ConfigFactory.load()));
  }

  private static SessionSettings sessionSettings(Map<String, String> values) {
    return SessionSettings.create(ConfigFactory.parseMap(values).withFallback(ConfigFactory.load()));
  }

  private static void assertInvalid(String variable, Executable executable) {
    InvalidSettingException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSettingException.class, executable);
    assertTrue(e.getMessage().startsWith(variable), e.getMessage());
  }
}
