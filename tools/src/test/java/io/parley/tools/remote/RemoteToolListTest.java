package io.parley.tools.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.testing.LoopbackOutbound;
import io.parley.tools.ResultLimit;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PARLEY_REMOTE_TOOLS as an operator writes it: defaults, and a clear error for each kind of mistake. */
class RemoteToolListTest {
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}}}";

  private static String entry(String name, String extra) {
    return "{\"name\":\"" + name + "\",\"description\":\"Where an order is\",\"url\":\"https://shop.example/status\","
        + "\"parameters\":" + SCHEMA + extra + "}";
  }

  private static String problem(String json) {
    return assertThrows(IllegalArgumentException.class, () -> RemoteToolList.parse(json)).getMessage();
  }

  @Test
  void anEntryWithOnlyTheRequiredFieldsGetsTheDefaults() {
    RemoteToolEndpoint endpoint = RemoteToolList.parse("[" + entry("order_status", "") + "]").get(0);
    ToolDefinition definition = endpoint.definition();

    assertEquals("order_status", definition.name());
    assertEquals("Where an order is", definition.description());
    assertEquals(URI.create("https://shop.example/status"), endpoint.url());
    assertEquals(Duration.ofSeconds(5), definition.timeout());
    assertEquals(3, definition.maxAttempts());
    assertEquals(ToolDefinition.DEFAULT_BACKOFF, definition.backoff());
    assertFalse(definition.idempotent());
    assertEquals(Optional.empty(), endpoint.secret());
    assertEquals(List.of(), RemoteToolList.parse(""), "blank: no remote tools");
    assertEquals(List.of(), RemoteToolList.parse("[]"));
  }

  @Test
  void theOptionalFieldsAreRead() {
    RemoteToolEndpoint endpoint = RemoteToolList.parse(
        "[" + entry("refund", ",\"timeoutMs\":1500,\"maxAttempts\":1,\"idempotent\":true,\"secret\":\"s3cret\"") + "]").get(0);

    assertEquals(Duration.ofMillis(1500), endpoint.definition().timeout());
    assertEquals(1, endpoint.definition().maxAttempts());
    assertTrue(endpoint.definition().idempotent());
    assertEquals(Optional.of("s3cret"), endpoint.secret());
    assertFalse(endpoint.toString().contains("s3cret"), endpoint.toString());
  }

  @Test
  void eachMistakeIsNamedWithItsEntry() {
    assertEquals("not valid JSON (line 1, column 3)", problem("[{"));
    assertEquals("expected a JSON array, got an object", problem(entry("a", "")));
    assertTrue(problem("[" + entry("kb.lookup", "") + "]").startsWith("entry 1 (\"kb.lookup\"): a tool name is 1 to 64 of"),
        "the OpenAI function name rule");
    assertEquals("entry 2: name \"a\" is already the name of entry 1; names must be unique",
        problem("[" + entry("a", "") + "," + entry("a", "") + "]"));
    assertEquals("entry 1 (\"a\"): unknown field \"method\"; the fields are name, description, url, parameters, timeoutMs,"
        + " maxAttempts, idempotent and secret", problem("[" + entry("a", ",\"method\":\"GET\"") + "]"));
    assertEquals("entry 1 (\"a\"): timeoutMs must be a whole number from 100 to 60000, got 90000",
        problem("[" + entry("a", ",\"timeoutMs\":90000") + "]"));
    assertEquals("entry 1 (\"a\"): maxAttempts must be a whole number from 1 to 10, got 0",
        problem("[" + entry("a", ",\"maxAttempts\":0") + "]"));
    assertEquals("entry 1 (\"a\"): idempotent must be true or false", problem("[" + entry("a", ",\"idempotent\":\"yes\"") + "]"));
    assertTrue(problem("[{\"name\":\"a\",\"description\":\"d\",\"url\":\"ftp://x/y\",\"parameters\":" + SCHEMA + "}]")
        .startsWith("entry 1 (\"a\"): url must be an http:// or https:// URL"));
    assertTrue(problem("[{\"name\":\"a\",\"description\":\"d\",\"url\":\"https://x/y\"}]")
        .startsWith("entry 1 (\"a\"): parameters must be the JSON schema of the arguments"));
    assertTrue(problem("[{\"name\":\"a\",\"description\":\"d\",\"url\":\"https://x/y\",\"parameters\":{\"type\":\"strng\"}}]")
        .startsWith("entry 1 (\"a\"): the parameters of tool a must be a JSON schema with \"type\": \"object\""));
    assertEquals("entry 1 (\"a\"): description must be a non-empty string, got nothing",
        problem("[{\"name\":\"a\",\"url\":\"https://x/y\",\"parameters\":" + SCHEMA + "}]"));
  }

  @Test
  void aSecretIsNeverQuotedInAnError() {
    String message = problem("[{\"name\":\"a\",\"secret\":\"top-secret-value\",\"url\":\"nope\"");
    assertFalse(message.contains("top-secret-value"), message);
    message = problem("[" + entry("a", ",\"secret\":\"top-secret-value\",\"timeoutMs\":-1") + "]");
    assertFalse(message.contains("top-secret-value"), message);
  }

  @Test
  void theSettingNamesItsVariable() {
    ToolSettings settings = ToolSettings.create(ConfigFactory.parseMap(Map.of("parley.tools.remote",
        "[" + entry("order_status", "") + "]")).withFallback(ConfigFactory.load()));
    assertEquals(List.of("order_status"), settings.remoteTools().stream().map(RemoteToolEndpoint::name).toList());
    assertEquals(List.of(), ToolSettings.create(ConfigFactory.load()).remoteTools(), "none by default");
    ToolSettings hocon = ToolSettings.create(ConfigFactory.parseString("parley.tools.remote = [{name = order_status,"
        + " description = \"Where an order is\", url = \"https://shop.example/status\", parameters {type = object}}]")
        .withFallback(ConfigFactory.load()));
    assertEquals(List.of("order_status"), hocon.remoteTools().stream().map(RemoteToolEndpoint::name).toList(),
        "written as HOCON in a configuration file");

    InvalidSettingException bad = assertThrows(InvalidSettingException.class, () -> ToolSettings.create(
        ConfigFactory.parseMap(Map.of("parley.tools.remote", "[" + entry("a", ",\"maxAttempts\":99") + "]"))
            .withFallback(ConfigFactory.load())));
    assertTrue(bad.getMessage().startsWith("PARLEY_REMOTE_TOOLS (parley.tools.remote): entry 1 (\"a\"): maxAttempts"),
        bad.getMessage());
    assertTrue(bad.getMessage().contains("expected a JSON array of"), bad.getMessage());
  }

  @Test
  void aRemoteToolMayNotTakeTheNameOfOneOfTheNodesOwn() {
    List<RemoteToolEndpoint> endpoints = RemoteToolList.parse("[" + entry("create_ticket", "") + "]");
    InvalidSettingException clash = assertThrows(InvalidSettingException.class,
        () -> RemoteTools.connect(endpoints, List.of("kb_search", "create_ticket"), LoopbackOutbound.http(), ResultLimit.standard()));
    assertEquals("PARLEY_REMOTE_TOOLS (parley.tools.remote): tool \"create_ticket\" has the name of one of the node's"
        + " own tools (kb_search, create_ticket); rename it", clash.getMessage());
  }
}
