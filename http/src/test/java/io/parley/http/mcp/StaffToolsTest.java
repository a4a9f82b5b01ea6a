package io.parley.http.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditLog;
import io.parley.core.audit.AuditPage;
import io.parley.core.audit.AuditQuery;
import io.parley.core.audit.AuditResult;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Role;
import io.parley.core.testing.ClassResource;
import io.parley.http.auth.Audit;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MCP server's tools through the SDK's server and {@link McpTransport}, over reads the test plays: each tool's
 * arguments as its REST route's parameters, its route's answer as the result, and its route's permission: a caller
 * without it neither sees the tool nor calls it, and the refusal is in the audit log.
 */
class StaffToolsTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller AGENT = Caller.ofApiKey("acme", "crm", Set.of(Role.AGENT));
  private static final Caller CUSTOMER = Caller.ofToken("acme", Optional.of("ada"), Set.of(Role.CUSTOMER));
  private static final String PAGE = "{\"tenant\":\"acme\",\"conversations\":[],\"next\":null}";

  private final List<Map<String, String>> asked = new CopyOnWriteArrayList<>();
  private final List<AuditEntry> audited = new CopyOnWriteArrayList<>();
  private final McpTransport transport = McpTransport.serving(new StaffTools(List.of(
      new StaffTool("search_conversations", "Search conversations", "The tenant's conversations.", "listConversations",
          Action.READ_CONVERSATIONS, (caller, parameters) -> answer(parameters, 200, PAGE)),
      new StaffTool("search_knowledge_base", "Search the knowledge base", "The best passages.", "searchKb",
          Action.READ_KNOWLEDGE_BASE, (caller, parameters) -> answer(parameters, 400,
              "{\"error\":{\"code\":\"bad_request\",\"message\":\"limit must be a whole number from 1 to 20\"}}"))),
      ToolArguments.fromOpenApi(JSON), new ToolResults(JSON, Materializer.matFromSystem(testKit.system())),
      new Audit(new RecordedLog(), Clock.systemUTC())), "1", JSON);

  @Test
  void theArgumentsAreTheRoutesParametersAndTheResultItsAnswer() throws Exception {
    JsonNode tools = request(AGENT, "tools/list", "{}").get("tools");
    assertEquals(2, tools.size(), tools.toString());
    JsonNode search = tools.get(1).get("inputSchema");
    assertEquals("[\"q\"]", search.get("required").toString(), "required as openapi.json has it: " + search);
    assertFalse(search.get("properties").has("tenant"));
    assertFalse(search.get("additionalProperties").asBoolean());
    assertEquals(20, search.get("properties").get("limit").get("maximum").asInt());

    JsonNode page = request(AGENT, "tools/call", "{\"name\": \"search_conversations\", \"arguments\": "
        + "{\"q\": \"refund\", \"limit\": 5, \"leadMin\": 50.0}}");
    assertEquals(List.of(Map.of("q", "refund", "limit", "5", "leadMin", "50")), asked, "numbers as a query string has them");
    assertEquals(JSON.readTree(PAGE), page.get("structuredContent"));
    assertEquals(PAGE, page.get("content").get(0).get("text").asText());
    assertFalse(page.path("isError").asBoolean());
  }

  @Test
  void theRoutesErrorIsAnErrorResultTheModelCanRead() throws Exception {
    JsonNode refused = request(AGENT, "tools/call", "{\"name\": \"search_knowledge_base\", \"arguments\": {\"q\": \"gift\"}}");
    assertTrue(refused.get("isError").asBoolean());
    assertEquals("400 bad_request: limit must be a whole number from 1 to 20", refused.get("content").get(0).get("text").asText());
  }

  @Test
  void aCallerWithoutTheRoutesPermissionNeitherSeesNorCallsTheTool() throws Exception {
    assertEquals(0, request(CUSTOMER, "tools/list", "{}").get("tools").size());
    JsonNode refused = request(CUSTOMER, "tools/call", "{\"name\": \"search_conversations\", \"arguments\": {}}");
    assertTrue(refused.get("isError").asBoolean());
    assertTrue(refused.get("content").get(0).get("text").asText().startsWith("403 forbidden: this credential may not read"),
        refused.toString());
    assertEquals(List.of(), asked, "the route is not asked");
    assertEquals(1, audited.size());
    AuditEntry entry = audited.get(0);
    assertEquals(List.of("read_conversations", StaffTools.RESOURCE, AuditResult.FORBIDDEN, "request-1"),
        List.of(entry.action(), entry.resource(), entry.result(), entry.requestId()));
  }

  private CompletableFuture<HttpResponse> answer(Map<String, String> parameters, int status, String body) {
    asked.add(parameters);
    return CompletableFuture.completedFuture(HttpResponse.create().withStatus(StatusCodes.get(status))
        .withEntity(ContentTypes.APPLICATION_JSON, body));
  }

  /** The result of a JSON-RPC request of {@code caller}. */
  private JsonNode request(Caller caller, String method, String params) throws Exception {
    HttpResponse response = transport.answer(new ToolCaller(caller, "request-1").context(),
        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"" + method + "\", \"params\": " + params + "}")
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(200, response.status().intValue());
    String body = response.entity().toStrict(10_000, Materializer.matFromSystem(testKit.system()))
        .toCompletableFuture().get(30, TimeUnit.SECONDS).getData().utf8String();
    JsonNode result = JSON.readTree(body).get("result");
    assertTrue(result != null, body);
    return result;
  }

  private final class RecordedLog implements AuditLog {
    @Override
    public void append(AuditEntry entry) {
      audited.add(entry);
    }

    @Override
    public AuditPage page(AuditQuery query) {
      throw new UnsupportedOperationException();
    }
  }
}
