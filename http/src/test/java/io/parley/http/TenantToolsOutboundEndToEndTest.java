package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestH2;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A company's tools where the node's outbound policy (PARLEY_OUTBOUND_ALLOWED_NETWORKS) does not
 * reach: refused when the configuration is saved, naming the entry and the address, and refused
 * again when a call is made, before anything is sent. The tests' servers are on loopback, which the
 * tests' nodes allow; here a node that allows nothing but public addresses takes over the database
 * of one that allowed loopback when the tenant saved its server.
 */
class TenantToolsOutboundEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void anAddressOutsideTheAllowedNetworksIsRefusedWhenSavedAndWhenCalled() throws Exception {
    try (JavaMcpServer orders = JavaMcpServer.start();
        FakeChatCompletionsServer model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult)) {
      String server = "{\"mcpServers\": [{\"name\": \"orders\", \"url\": \"" + orders.url() + "\"}]}";
      try (ParleyNode open = start(model, Map.of())) {
        assertEquals(200, admin(open, "acme", "PUT", "/v1/config", "{\"config\": " + server + "}").statusCode());
      }
      try (ParleyNode strict = start(model, Map.of("parley.outbound.allowed-networks", ""))) {
        int port = orders.url().getPort();
        HttpResponse<String> refused = admin(strict, "globex", "PUT", "/v1/config", "{\"config\": {\"mcpServers\": ["
            + "{\"name\": \"orders\", \"url\": \"" + orders.url() + "\"}], \"httpTools\": ["
            + "{\"name\": \"metadata\", \"description\": \"d\", \"url\": \"http://169.254.169.254/latest\", \"parameters\": {\"type\": \"object\"}},"
            + "{\"name\": \"mapped\", \"description\": \"d\", \"url\": \"http://[::ffff:127.0.0.1]:" + port + "/\", \"parameters\": {\"type\": \"object\"}},"
            + "{\"name\": \"named\", \"description\": \"d\", \"url\": \"http://localhost:" + port + "/\", \"parameters\": {\"type\": \"object\"}}]}}");
        assertEquals(400, refused.statusCode(), refused.body());
        List<String> problems = JSON.convertValue(JSON.readTree(refused.body()).get("error").get("problems"),
            JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        String allow = "; the operator allows networks with PARLEY_OUTBOUND_ALLOWED_NETWORKS";
        assertEquals("httpTools[0].url: 169.254.169.254 is link-local (169.254.0.0/16)" + allow, problems.get(0));
        assertEquals("httpTools[1].url: [::ffff:127.0.0.1] is the address ::ffff:7f00:1, which is IPv4-mapped (::ffff:0:0/96)"
            + " of 127.0.0.1, which is loopback (127.0.0.0/8)" + allow, problems.get(1));
        assertTrue(problems.get(2).startsWith("httpTools[2].url: localhost resolves to ") && problems.get(2).endsWith(allow),
            problems.get(2));
        assertEquals("mcpServers[0].url: 127.0.0.1 is loopback (127.0.0.0/8)" + allow, problems.get(3));
        assertEquals(4, problems.size(), problems.toString());
        assertEquals(0, orders.calls());

        // acme's version, saved where loopback was allowed, still offers the server's tools as they were
        // listed; calling one is refused at the connection, before any request.
        try (ChatClient customer = ChatClient.connect(strict.httpPort(), "acme")) {
          customer.startNew();
          model.enqueue(Reply.toolCalls(new ToolCall("call-1", "orders_order_status", "{\"order\":\"A1\"}")));
          customer.say("c-1", "Where is A1?");
          String answer = customer.answerOf("turn-1").get("text").asText();
          assertTrue(answer.contains("orders_order_status may not be called: the tool's address is not allowed"), answer);
          assertFalse(answer.contains("127.0.0.1"), answer);
        }
        assertEquals(0, orders.calls(), "nothing reached the server");
      }
    }
  }

  private ParleyNode start(FakeChatCompletionsServer model, Map<String, Object> settings) {
    return ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), settings));
  }

  private static HttpResponse<String> admin(ParleyNode node, String tenant, String method, String path, String body)
      throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + "?tenant=" + tenant, body);
  }
}
