package io.parley.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A tool definition built from the schema text written in a tool's source. */
class ToolDefinitionTest {
  @Test
  void theSchemaTextBecomesTheParametersAndTheRestIsKeptAsGiven() {
    ToolDefinition definition = ToolDefinition.withSchemaText("order_status", "Where an order is",
        "{\"type\": \"object\", \"properties\": {\"order\": {\"type\": \"string\"}}, \"required\": [\"order\"]}",
        Duration.ofSeconds(7), 4, ToolDefinition.DEFAULT_BACKOFF, true);

    assertEquals("string", definition.parameters().at("/properties/order/type").asText());
    assertEquals("order", definition.parameters().path("required").get(0).asText());
    assertEquals(new ToolDefinition("order_status", "Where an order is", definition.parameters(), Duration.ofSeconds(7), 4,
        ToolDefinition.DEFAULT_BACKOFF, true), definition);
    ToolRegistry.check(definition);
  }

  @Test
  void aSchemaThatIsNotJsonIsABugNamingTheTool() {
    IllegalStateException bug = assertThrows(IllegalStateException.class, () -> ToolDefinition.withSchemaText(
        "order_status", "Where an order is", "{\"type\": \"object\",", Duration.ofSeconds(5), 3,
        ToolDefinition.DEFAULT_BACKOFF, false));

    assertTrue(bug.getMessage().startsWith("The schema of tool order_status is not JSON"), bug.getMessage());
  }

  @Test
  void theDefaultBackoffStartsAt200MsAndDoublesUpTo2sBeforeJitter() {
    assertEquals(Duration.ofMillis(200), ToolDefinition.DEFAULT_BACKOFF.delayBeforeRetry(1, () -> 0.0));
    assertEquals(Duration.ofMillis(400), ToolDefinition.DEFAULT_BACKOFF.delayBeforeRetry(2, () -> 0.0));
    assertEquals(Duration.ofSeconds(2), ToolDefinition.DEFAULT_BACKOFF.delayBeforeRetry(9, () -> 0.0));
    assertEquals(Duration.ofMillis(100), ToolDefinition.DEFAULT_BACKOFF.delayBeforeRetry(1, () -> 1.0));
  }
}
