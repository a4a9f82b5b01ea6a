package io.parley.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.LlmRequest;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.ToolSpec;
import io.parley.tools.kb.KbSearchTool;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.tools.tickets.CreateTicketTool;
import io.parley.tools.tickets.FetchStatusTool;
import io.parley.tools.tickets.TicketStore;
import java.time.Duration;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The registry over the built-in tools' definitions; no database is touched. */
class ToolRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JdbcDataSource NOWHERE = new JdbcDataSource();
  private static final ToolRegistry REGISTRY = ToolRegistry.of(
      new KbSearchTool(new KnowledgeBase(NOWHERE, new FixedEmbeddings())),
      new CreateTicketTool(new TicketStore(NOWHERE)),
      new FetchStatusTool(new TicketStore(NOWHERE)));

  @Test
  void specsAreTheOpenAiToolsOfEachDefinitionInOrder() {
    List<ToolSpec> specs = REGISTRY.specs();

    assertEquals(List.of("kb_search", "create_ticket", "fetch_status"), specs.stream().map(ToolSpec::name).toList());
    assertEquals(REGISTRY.names(), specs.stream().map(ToolSpec::name).toList());
    ToolSpec create = specs.get(1);
    assertEquals(REGISTRY.find("create_ticket").orElseThrow().definition().description(), create.description());
    assertEquals(List.of("subject", "description", "priority"),
        JSON.convertValue(create.parametersSchema().get("required"), List.class));
    assertEquals("object", create.parametersSchema().get("type").asText());
  }

  @Test
  void aModelRequestOffersTheRegistrysOwnListOfSpecs() {
    // The request's tools are written as JSON once per list (RequestTools), told apart by identity.
    LlmRequest request = new LlmRequest(List.of(PromptMessage.user("hello")), 100, 0.2).withTools(REGISTRY.specs());
    assertSame(REGISTRY.specs(), request.withProviders(List.of("primary")).tools());
  }

  @Test
  void aTenantsRegistryOffersOnlyItsEnabledToolsAndRefusesTheOthersAsUnknown() {
    ToolRegistry tenant = REGISTRY.only(java.util.Set.of("kb_search", "fetch_status")::contains);

    assertEquals(List.of("kb_search", "fetch_status"), tenant.specs().stream().map(ToolSpec::name).toList());
    Validation.Invalid refused = invalid(tenant.validate("create_ticket",
        "{\"subject\":\"Damaged\",\"description\":\"The lid is cracked.\",\"priority\":\"high\"}"));
    assertEquals(Validation.Invalid.UNKNOWN_TOOL, refused.code());
    assertEquals(List.of("there is no tool named 'create_ticket'; the available tools are kb_search, fetch_status"),
        refused.problems());
    assertTrue(REGISTRY.find("create_ticket").isPresent(), "the node's registry keeps every tool");
    assertTrue(REGISTRY.only(name -> false).specs().isEmpty());
  }

  @Test
  void aPhoneCallsToolIsOfferedOnlyOnCallsAndAPlacedCallsToolOnlyInCallsTheBotPlaced() {
    ToolRegistry node = ToolRegistry.of(List.of(REGISTRY.find("kb_search").orElseThrow(),
        offeredIn("press_keys", OfferedIn.PHONE_CALLS), offeredIn("do_not_call", OfferedIn.PLACED_CALLS)));

    assertSame(node, node.forConversation(true, true), "a placed call is offered every tool");
    assertEquals(List.of("kb_search", "press_keys"), node.forConversation(true, false).names(), "an inbound call");
    ToolRegistry chat = node.forConversation(false, false);
    assertEquals(List.of("kb_search"), chat.names());
    assertSame(chat, node.forConversation(false, false), "made once: the specs a request wrote stay one list");
    assertEquals(Validation.Invalid.UNKNOWN_TOOL, invalid(chat.validate("do_not_call", "{}")).code());
    assertEquals(Validation.Invalid.UNKNOWN_TOOL, invalid(chat.validate("press_keys", "{}")).code());
  }

  /** A tool named {@code name} offered in {@code conversations}. */
  private static Tool offeredIn(String name, OfferedIn conversations) {
    return new Tool() {
      @Override
      public ToolDefinition definition() {
        return ToolDefinition.withSchemaText(name, "A tool of some conversations only",
            "{\"type\": \"object\", \"properties\": {}}", Duration.ofSeconds(1), 1, null, true);
      }

      @Override
      public ToolResult run(ToolInvocation invocation) {
        return new ToolResult("{}", "done");
      }

      @Override
      public OfferedIn offeredIn() {
        return conversations;
      }
    };
  }

  @Test
  void validArgumentsNameTheToolToRun() throws Exception {
    Validation validation = REGISTRY.validate(new ToolCall("call_1", "create_ticket",
        "{\"subject\":\"Order 1042 arrived damaged\",\"description\":\"The kettle's lid is cracked.\",\"priority\":\"high\"}"));

    Validation.Valid valid = assertInstanceOf(Validation.Valid.class, validation);
    assertSame(REGISTRY.find("create_ticket").orElseThrow(), valid.tool());
    assertEquals("high", valid.arguments().get("priority").asText());
    assertInstanceOf(Validation.Valid.class, REGISTRY.validate("fetch_status", JSON.readTree("{\"ticket_id\":\"t-1042\"}")));
    assertInstanceOf(Validation.Valid.class, REGISTRY.validate("kb_search", "{\"query\":\"refund\",\"limit\":5}"));
  }

  @Test
  void aMissingArgumentIsNamed() {
    Validation.Invalid invalid = invalid(REGISTRY.validate("create_ticket",
        "{\"subject\":\"Order 1042 arrived damaged\",\"priority\":\"high\"}"));

    assertEquals(List.of("description is required"), invalid.problems());
    assertEquals("invalid_arguments", invalid.code());
    assertEquals("create_ticket was not run: description is required. Correct the arguments and call it again.",
        invalid.message());
  }

  @Test
  void aWrongEnumValueListsTheAllowedOnes() throws Exception {
    Validation.Invalid invalid = invalid(REGISTRY.validate("create_ticket",
        "{\"subject\":\"Damaged\",\"description\":\"The lid is cracked.\",\"priority\":\"asap\"}"));

    assertEquals(List.of("priority must be one of low, normal, high, urgent"), invalid.problems());
    ToolResult result = invalid.result();
    JsonNode content = JSON.readTree(result.content());
    assertEquals("invalid_arguments", content.get("error").asText());
    assertTrue(content.get("message").asText().contains("priority must be one of low, normal, high, urgent"));
    assertEquals("Invalid arguments for create_ticket", result.summary());
  }

  @Test
  void wrongTypesRangesAndExtraArgumentsAreEachExplained() {
    assertEquals(List.of("limit must be an integer, not a string"),
        invalid(REGISTRY.validate("kb_search", "{\"query\":\"refund\",\"limit\":\"3\"}")).problems());
    assertEquals(List.of("limit must have a maximum value of 5"),
        invalid(REGISTRY.validate("kb_search", "{\"query\":\"refund\",\"limit\":9}")).problems());
    assertEquals(List.of("unknown argument tenant; the arguments are query, limit"),
        invalid(REGISTRY.validate("kb_search", "{\"query\":\"refund\",\"tenant\":\"globex\"}")).problems());
    assertEquals(List.of("the arguments must be an object, not an array"),
        invalid(REGISTRY.validate("kb_search", "[\"refund\"]")).problems());
    List<String> problems = invalid(REGISTRY.validate("fetch_status", "{\"ticket_id\":\"my ticket\"}")).problems();
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("ticket_id does not match") && problems.get(0).endsWith(
        "(The ticket id the customer gave, like T-1042 (1042 alone works too))"), problems.get(0));
  }

  @Test
  void brokenOrMissingJsonIsAnErrorResultNotAnException() {
    Validation.Invalid broken = invalid(REGISTRY.validate("kb_search", "{\"query\": \"refund"));
    assertTrue(broken.problems().get(0).startsWith("the arguments are not valid JSON"), broken.problems().get(0));

    assertEquals(List.of("query is required"), invalid(REGISTRY.validate("kb_search", "")).problems(),
        "no arguments read as {}");
  }

  @Test
  void anUnknownToolIsAnErrorResultThatListsTheTools() throws Exception {
    Validation.Invalid invalid = invalid(REGISTRY.validate("kb.search", "{\"query\":\"refund\"}"));

    assertEquals("unknown_tool", invalid.code());
    assertEquals("there is no tool named 'kb.search'; the available tools are kb_search, create_ticket, fetch_status",
        invalid.message());
    assertEquals("unknown_tool", JSON.readTree(invalid.result().content()).get("error").asText());
    assertEquals("Unknown tool kb.search", invalid.result().summary());
    assertEquals("no tools are available",
        invalid(ToolRegistry.empty().validate("x", "{}")).message().replaceFirst(".*; ", ""));
    assertTrue(REGISTRY.find("kb.search").isEmpty());
  }

  @Test
  void unusableDefinitionsAreRefusedWhenTheRegistryIsBuilt() throws Exception {
    JsonNode schema = JSON.readTree("{\"type\":\"object\",\"properties\":{}}");
    assertThrows(IllegalArgumentException.class, () -> ToolRegistry.of(tool("kb.search", schema), tool("b", schema)),
        "a name the OpenAI format refuses");
    assertThrows(IllegalArgumentException.class, () -> ToolRegistry.of(tool("same", schema), tool("same", schema)));
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> ToolRegistry.of(
        tool("typo", JSON.readTree("{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"strng\"}}}"))));
    assertTrue(typo.getMessage().contains("not a valid JSON schema"), typo.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ToolRegistry.of(tool("array", JSON.readTree("{\"type\":\"array\"}"))));
  }

  @Test
  void aToolThatChangesThingsTakesOnlyTheArgumentsItDeclaresWhateverItsSchemaAllows() throws Exception {
    JsonNode lenient = JSON.readTree("{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}}}");
    ToolRegistry registry = ToolRegistry.of(tool("refund", lenient, false), tool("lookup", lenient, true));
    Validation.Invalid steered = invalid(registry.validate("refund", "{\"order\":\"104215\",\"tenant\":\"globex\"}"));
    assertEquals(List.of("unknown argument tenant: a tool that changes things takes only the arguments it declares"),
        steered.problems());
    assertInstanceOf(Validation.Valid.class, registry.validate("refund", "{\"order\":\"104215\"}"));
    assertInstanceOf(Validation.Valid.class, registry.validate("lookup", "{\"order\":\"104215\",\"tenant\":\"x\"}"),
        "a read-only tool's schema decides alone");
  }

  @Test
  void aSchemasPatternsRunInLinearTimeAndOneRe2DoesNotRunIsRefusedWithTheSchema() throws Exception {
    ToolRegistry registry = ToolRegistry.of(tool("order", JSON.readTree("{\"type\":\"object\",\"properties\":{"
        + "\"code\":{\"type\":\"string\",\"pattern\":\"((a+)+)+c\"}},"
        + "\"patternProperties\":{\"^x-((a+)+)+c$\":{\"type\":\"integer\"}}}"), true));
    String longRun = "a".repeat(5_000);
    Validation.Invalid stalled = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> invalid(registry.validate("order",
        "{\"code\":\"" + longRun + "\",\"x-" + longRun + "\":1,\"x-ac\":\"nine\"}")), "linear time, not backtracking");
    assertEquals(2, stalled.problems().size(), stalled.problems().toString());
    assertTrue(stalled.problems().stream().anyMatch(p -> p.startsWith("code does not match")), stalled.problems().toString());
    assertTrue(stalled.problems().contains("x-ac must be an integer, not a string"), stalled.problems().toString());
    assertInstanceOf(Validation.Valid.class, registry.validate("order", "{\"code\":\"aaac\",\"x-ac\":9}"));

    IllegalArgumentException lookaround = assertThrows(IllegalArgumentException.class, () -> ToolRegistry.of(tool("ahead",
        JSON.readTree("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\",\"pattern\":\"^(?=T-)\\\\w+$\"}}}"))));
    assertTrue(lookaround.getMessage().contains("a pattern in the parameters of tool ahead is not one this node runs")
        && lookaround.getMessage().contains("RE2 syntax"), lookaround.getMessage());
  }

  private static Validation.Invalid invalid(Validation validation) {
    return assertInstanceOf(Validation.Invalid.class, validation);
  }

  private static Tool tool(String name, JsonNode schema) {
    return tool(name, schema, true);
  }

  private static Tool tool(String name, JsonNode schema, boolean idempotent) {
    ToolDefinition definition = new ToolDefinition(name, "test", schema, Duration.ofSeconds(1), 1, null, idempotent);
    return Tool.of(definition, invocation -> new ToolResult("{}", "ok"));
  }

  /** Never called here: the registry does not search. */
  private static final class FixedEmbeddings implements io.parley.core.memory.EmbeddingModel {
    @Override
    public int dimensions() {
      return 3;
    }

    @Override
    public float[] embed(String text) {
      return new float[] {1, 0, 0};
    }
  }
}
