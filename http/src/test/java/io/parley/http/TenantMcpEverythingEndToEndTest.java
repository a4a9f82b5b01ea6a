package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant's MCP server that Parley did not write: the reference server of the MCP project
 * ({@code @modelcontextprotocol/server-everything}, pinned by http/src/test/mcp-everything's
 * package-lock.json) in its streamable HTTP mode on loopback. A draft with an allow-list of two of
 * its tools is saved (the server listed), the model is offered exactly those two with the tenant's
 * description, and its call of {@code everything_echo} is answered from the server's result.
 */
class TenantMcpEverythingEndToEndTest {
  private static final Path SOURCES = Path.of("src/test/mcp-everything");
  private static final Path WORK = Path.of("target/mcp-everything");

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult));

  private static Process server;
  private static int port;

  @BeforeAll
  static void startServer() throws Exception {
    NodeTool.requireNodeAndNpm("run the MCP reference server");
    NodeTool.installPinned(SOURCES, WORK, List.of("package.json", "package-lock.json"),
        "@modelcontextprotocol/server-everything");
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path log = Files.createTempFile("mcp-everything", ".log");
    ProcessBuilder builder = new ProcessBuilder("node",
        "node_modules/@modelcontextprotocol/server-everything/dist/index.js", "streamableHttp")
        .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("PORT", Integer.toString(port));
    server = builder.start();
    try {
      await("the MCP reference server listening").atMost(Duration.ofSeconds(30))
          .failFast("the MCP reference server exited", () -> !server.isAlive()).until(() -> listening());
    } catch (ConditionTimeoutException | TerminalFailureException notStarted) {
      throw new AssertionError("the MCP reference server did not start:\n" + Files.readString(log), notStarted);
    }
  }

  private static boolean listening() {
    try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor();
    }
  }

  @Test
  void theDraftOffersTheAllowedToolsAndTheModelCallsOne() throws Exception {
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config/draft?tenant=acme",
        "{\"config\": {\"mcpServers\": [{\"name\": \"everything\", \"url\": \"http://127.0.0.1:" + port + "/mcp\","
            + " \"tools\": [{\"name\": \"echo\", \"description\": \"Repeats a message back\", \"timeoutMs\": 3000},"
            + " {\"name\": \"get-sum\"}]}]}}");
    assertEquals(200, saved.statusCode(), saved.body());

    String session = sessionId(
        TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/sessions?tenant=acme", "{\"draft\": true}"));
    node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "everything_echo", "{\"message\": \"hello from Parley\"}")));
    HttpResponse<String> answer = TestIdentity.asAdmin(node.httpPort(), "POST",
        "/v1/sessions/" + session + "/messages?tenant=acme", "{\"clientMsgId\": \"t-1\", \"text\": \"Echo this\"}");
    assertTrue(answer.body().contains("Echo: hello from Parley"), answer.body());

    RecordedRequest offered = node.model().requests().get(node.model().requestCount() - 2);
    List<String> names = offered.toolNames().stream().filter(name -> name.startsWith("everything_")).sorted().toList();
    assertEquals(List.of("everything_echo", "everything_get-sum"), names, "the allow-list, nothing else of the server");
    assertEquals("Repeats a message back", offered.tools().stream()
        .filter(tool -> tool.name().equals("everything_echo")).findFirst().orElseThrow().description(),
        "the tenant's own description, as written");
    assertTrue(offered.tools().stream().filter(tool -> tool.name().equals("everything_echo")).findFirst().orElseThrow()
        .parametersSchema().at("/properties/message").isObject(), "the server's JSON schema");
  }

  private static String sessionId(HttpResponse<String> created) throws IOException {
    assertTrue(created.statusCode() < 300, created.statusCode() + " " + created.body());
    return new ObjectMapper().readTree(created.body()).get("sessionId").asText();
  }
}
