package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client ({@code clients/js}) against a real node: its {@code node --test} files run
 * in Node.js (installing typescript with {@code npm ci} when {@code node_modules} is missing), its
 * unit tests ({@code test/unit}: the conversation model, rating) without one, and the others
 * drive one node, a JVM of its own that they kill with SIGKILL, stop and restart on the same data
 * through a small control port of this test. The node answers with the fake model, which streams.
 * Node.js 20 or newer and npm are required; without them this test fails and says so.
 */
@KillsNodes
class ClientLibraryTest {
  private static final Path CLIENT = Path.of("..", "clients", "js").toAbsolutePath().normalize();
  private static final String PUBLISHABLE_TENANT = "widget";
  private static final String PUBLISHABLE_KEY = "pk_widget_test_page";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int RATE_BURST = 8;

  private static FakeChatCompletionsServer model;
  private static Path dataDir;
  private static Map<String, String> env;
  private static NodeProcess node;
  private static HttpServer control;

  @BeforeAll
  static void start() throws Exception {
    NodeTool.requireNodeAndNpm("test clients/js");
    if (!Files.isDirectory(CLIENT.resolve("node_modules").resolve("typescript"))) {
      NodeTool.Result install = run(300, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
      assertEquals(0, install.exitCode(), "npm ci in clients/js failed:\n" + install.output());
    }
    model = FakeChatCompletionsServer.start();
    dataDir = Files.createTempDirectory("parley-client-test");
    env = new HashMap<>();
    env.put("PARLEY_HTTP_PORT", Integer.toString(NodeProcess.freePort()));
    env.put("PARLEY_DATA_DIR", dataDir.toString());
    env.put("PARLEY_LLM_BASE_URL", model.baseUrl().toString());
    env.put("PARLEY_LLM_MODEL", "llama-3.3-70b");
    // Low enough for one test to meet the limit, high enough for the others' few messages a session.
    env.put("PARLEY_SESSION_MESSAGES_PER_MINUTE", "60");
    env.put("PARLEY_SESSION_MESSAGE_BURST", Integer.toString(RATE_BURST));
    // The test tenants, and one for anonymous chat with a publishable key, as a public widget uses.
    String tenants = TestIdentity.tenantsJson();
    env.put("PARLEY_TENANTS", tenants.substring(0, tenants.length() - 1)
        + ", \"" + PUBLISHABLE_TENANT + "\": {\"publishableKey\": \"" + PUBLISHABLE_KEY + "\"}}");
    node = NodeProcess.start(env).awaitReady();
    control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    control.createContext("/kill", exchange -> answer(exchange, () -> node.kill()));
    control.createContext("/stop", exchange -> answer(exchange, () -> node.terminate()));
    control.createContext("/start", exchange -> answer(exchange, () -> {
      if (!node.isAlive()) node = NodeProcess.start(env).awaitReady();
    }));
    control.start();
  }

  @AfterAll
  static void stop() {
    if (control != null) control.stop(0);
    if (node != null) node.kill();
    if (model != null) model.close();
  }

  @Test
  void chatsWithEachCredentialAndSurfacesRefusals() throws Exception {
    assertNodeTestPasses("chat.test.mjs");
  }

  @Test
  void resumesAfterKillMinusNineAndNodeShutdownWithoutLosingOrRepeatingAMessage() throws Exception {
    assertNodeTestPasses("recovery.test.mjs");
  }

  @Test
  void theReadmesNodeExamplePrintsTheAnswerAndExits() throws Exception {
    assertNodeTestPasses("readme.test.mjs");
  }

  @Test
  void theDeclarationsTypeCheck() throws Exception {
    assertNodeTestPasses("types.test.mjs");
  }

  @Test
  void theConversationModelAndTheClientsLogicPassTheirUnitTests() throws Exception {
    assertNodeTestPasses("unit");
  }

  @Test
  void theNodeServesTheLibraryItShips() throws Exception {
    String version = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(CLIENT.resolve("package.json").toFile()).get("version").asText();
    for (String module : ClientLibrary.MODULES) {
      // The widget's own modules live beside it and are served with the library's.
      Path file = module.startsWith("widget-") ? CLIENT.resolveSibling("widget").resolve(module) : CLIENT.resolve("src").resolve(module);
      String source = WidgetScript.asServed(Files.readString(file));
      HttpResponse<String> current = get("/client/" + module);
      assertEquals(200, current.statusCode(), module);
      assertEquals(source, current.body());
      assertEquals("public, max-age=300", current.headers().firstValue("Cache-Control").orElse(""));
      assertTrue(current.headers().firstValue("Content-Type").orElse("").contains("javascript"), current.headers().toString());

      HttpResponse<String> pinned = get("/client/" + version + "/" + module);
      assertEquals(200, pinned.statusCode(), module);
      assertEquals(source, pinned.body());
      assertEquals("public, max-age=31536000, immutable", pinned.headers().firstValue("Cache-Control").orElse(""));
      assertEquals(404, get("/client/0.0.0-not-shipped/" + module).statusCode());
    }
    assertEquals(404, get("/client/package.json").statusCode());
    assertEquals(404, get("/client/parley-client.d.ts").statusCode());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertNodeTestPasses(String file) throws Exception {
    NodeTool.Result result = run(600, Map.of(
            "PARLEY_NODE_URL", "http://127.0.0.1:" + node.port,
            "PARLEY_CONTROL_URL", "http://127.0.0.1:" + control.getAddress().getPort(),
            "PARLEY_TOKEN_ISSUER", TestIdentity.ISSUER,
            "PARLEY_TOKEN_AUDIENCE", TestIdentity.AUDIENCE,
            "PARLEY_TOKEN_SECRET", TestIdentity.SECRET,
            "PARLEY_PUBLISHABLE_TENANT", PUBLISHABLE_TENANT,
            "PARLEY_PUBLISHABLE_KEY", PUBLISHABLE_KEY,
            "PARLEY_RATE_BURST", Integer.toString(RATE_BURST)),
        "node", "--experimental-websocket", "--import", "./test/served-paths.mjs", "--test", "--test-timeout=300000",
        "--test-reporter=spec", Path.of("test", file).toString());
    System.out.print("ClientLibraryTest " + file + ":\n" + result.output());
    assertEquals(0, result.exitCode(), "node --test " + file + " failed:\n" + result.output());
  }

  private interface ControlAction {
    void run() throws Exception;
  }

  /** One control request at a time (the server's single thread): the node test waits for the answer. */
  private static void answer(HttpExchange exchange, ControlAction action) throws IOException {
    int status = 200;
    String body = "done";
    try {
      action.run();
    } catch (Exception | AssertionError e) {
      status = 500;
      body = String.valueOf(e);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static NodeTool.Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
    return run(timeoutSeconds, Map.of(), command);
  }

  private static NodeTool.Result run(long timeoutSeconds, Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    return NodeTool.run(CLIENT, timeoutSeconds, environment, command);
  }
}
