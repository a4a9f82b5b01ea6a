package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestH2;
import io.parley.sessions.admission.TenantTokenBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's daily token budget is shared by all its sessions: once one session's answers spent it,
 * another session of the tenant is refused with the time until the budget resets, over a real
 * WebSocket, while another tenant goes on and what was stored stays.
 */
class TenantBudgetTest {
  @TempDir Path dataDir;

  @Test
  void sessionsOfATenantShareItsDailyBudget() throws Exception {
    Map<String, Object> budgets = Map.of(
        "parley.tenant-budget.overrides", "{\"acme\": 20, \"globex\": 20}",
        "parley.tenant-budget.recheck-after", "1ms");
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start();
        ParleyNode node = ParleyNode.start(
            TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), budgets));
        ChatClient first = ChatClient.connect(node.httpPort(), "acme");
        ChatClient second = ChatClient.connect(node.httpPort(), "acme");
        ChatClient otherTenant = ChatClient.connect(node.httpPort(), "globex")) {
      first.startNew();
      JsonNode ack = first.say("a-1", "Please tell me everything about shipping to Norway");
      assertEquals("ack", ack.get("type").asText());
      first.answerOf(ack.get("turnId").asText());
      awaitExhausted(node, "acme");

      second.startNew();
      JsonNode refused = second.say("b-1", "And what about returns?");
      assertEquals("error", refused.get("type").asText(), refused.toString());
      assertEquals("budget_exceeded", refused.get("code").asText());
      long retryAfter = refused.get("retryAfterMs").asLong();
      assertTrue(retryAfter > 0 && retryAfter <= Duration.ofDays(1).toMillis(), "until midnight UTC, got " + retryAfter);
      assertEquals("budget_exceeded", first.say("a-2", "One more thing").get("code").asText());
      assertEquals("ack", first.say("a-1", "Please tell me everything about shipping to Norway").get("type").asText(),
          "a retry of a stored message is still acknowledged");

      otherTenant.startNew();
      assertEquals("ack", otherTenant.say("c-1", "And what about returns?").get("type").asText());
    }
  }

  /** The usage is recorded just after the answer is stored: wait until the budget has it. */
  private static void awaitExhausted(ParleyNode node, String tenant) {
    var budget = ClusterSharding.get(node.system()).entityRefFor(TenantTokenBudget.ENTITY_KEY, tenant);
    await(tenant + "'s budget spent").atMost(Duration.ofSeconds(15)).until(() -> budget.<TenantTokenBudget.Standing>ask(
        TenantTokenBudget.Check::new, Duration.ofSeconds(5)).toCompletableFuture().join().exhausted());
  }
}
