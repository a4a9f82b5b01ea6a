package io.parley.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each tenant's calls and failures of a tool, counted apart, with the time of the last of each. */
class ToolCallCountsTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void eachTenantsCallsAndFailuresAreCountedApart() {
    ToolCallCounts counts = new ToolCallCounts(Clock.fixed(NOW, ZoneOffset.UTC));
    Tool flaky = counts.counted(Tool.of(ToolDefinition.withSchemaText("order_status", "Where an order is",
        "{\"type\":\"object\"}", Duration.ofSeconds(1), 1, ToolDefinition.DEFAULT_BACKOFF, true), invocation -> {
          if (invocation.toolCallId().equals("fail")) throw new ToolFailure("order_status failed", true);
          return new ToolResult("{}", "ok");
        }));
    flaky.run(call("acme", "ok"));
    flaky.run(call("acme", "ok"));
    assertThrows(ToolFailure.class, () -> flaky.run(call("acme", "fail")));
    flaky.run(call("globex", "ok"));

    assertEquals(new ToolCallCounts.Counts(3, 1, Optional.of(NOW), Optional.of(NOW)), counts.of("acme", "order_status"));
    assertEquals(new ToolCallCounts.Counts(1, 0, Optional.of(NOW), Optional.empty()), counts.of("globex", "order_status"));
    assertEquals(ToolCallCounts.Counts.NONE, counts.of("initech", "order_status"));
    assertEquals(NOW, counts.since());
  }

  private static ToolInvocation call(String tenant, String id) {
    return new ToolInvocation(tenant, "s-1", "turn-1", id, JsonNodeFactory.instance.objectNode());
  }
}
