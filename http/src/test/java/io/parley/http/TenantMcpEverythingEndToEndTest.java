package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
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

  private static NodeServer server;
  private static int port;

  @BeforeAll
  static void startServer() throws Exception {
    NodeTool.requireNodeAndNpm("run the MCP reference server");
    NodeTool.installPinned(SOURCES, WORK, List.of("package.json", "package-lock.json"),
        "@modelcontextprotocol/server-everything");
    server = NodeServer.start("the MCP reference server", WORK,
        List.of("node", "node_modules/@modelcontextprotocol/server-everything/dist/index.js", "streamableHttp"));
    port = server.port();
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) server.close();
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
