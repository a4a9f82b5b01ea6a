package io.parley.persistence.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.Transactions;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhook outbox on both databases: order per conversation, one claim at a time, retry, failure, redelivery. */
class JdbcWebhookDeliveriesTest {
  private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;

  private JdbcWebhookDeliveries open(Dialect dialect) {
    database = databases.open(dialect);
    return new JdbcWebhookDeliveries(database.dataSource());
  }

  private void add(String id, String tenant, String session, long seq) {
    Transactions.write(database.dataSource(), "add a delivery", connection -> {
      WebhookOutbox.add(connection, id, tenant, session, seq, "message.created", "{\"id\": \"" + id + "\"}", AT);
      return null;
    });
  }

  @OnEachDialect
  void deliveredRowsArePrunedAfterTheirKeepAndFailedOnesAfterTheLongerOneUnlessRedelivered(Dialect dialect) {
    JdbcWebhookDeliveries deliveries = open(dialect);
    add("old-delivered", "acme", "s-a", 1);
    add("new-delivered", "acme", "s-a", 2);
    add("old-failed", "acme", "s-b", 1);
    add("redelivered", "acme", "s-c", 1);
    add("pending", "acme", "s-d", 1);
    deliveries.delivered("old-delivered", AT);
    deliveries.delivered("new-delivered", AT.plus(Duration.ofDays(6)));
    deliveries.failed("old-failed", AT, "the webhook answered 404");
    deliveries.failed("redelivered", AT, "the webhook answered 404");
    assertTrue(deliveries.redeliver("acme", "redelivered", AT.plus(Duration.ofDays(1))));

    Instant now = AT.plus(Duration.ofDays(8));
    assertEquals(1, deliveries.prune(now.minus(Duration.ofDays(7)), now.minus(Duration.ofDays(30))),
        "the delivered row older than a week");
    assertEquals(List.of("new-delivered"), ids(deliveries.list("acme", DeliveryStatus.DELIVERED, 10)));
    assertEquals(List.of("old-failed"), ids(deliveries.list("acme", DeliveryStatus.FAILED, 10)),
        "a failed row is kept for the longer limit");

    Instant later = AT.plus(Duration.ofDays(31));
    assertEquals(2, deliveries.prune(later.minus(Duration.ofDays(7)), later.minus(Duration.ofDays(30))));
    assertEquals(List.of(), ids(deliveries.list("acme", DeliveryStatus.FAILED, 10)));
    assertEquals(List.of("pending", "redelivered"), ids(deliveries.due(later, 10)).stream().sorted().toList(),
        "pending rows, a redelivered one too, are never pruned");
  }

  @OnEachDialect
  void aConversationsNextEventWaitsWhileItsEarlierOneIsRetried(Dialect dialect) {
    JdbcWebhookDeliveries deliveries = open(dialect);
    add("a-2", "acme", "s-a", 2);
    add("a-1", "acme", "s-a", 1);
    add("b-1", "acme", "s-b", 1);

    assertEquals(List.of("a-1", "b-1"), ids(deliveries.due(AT, 10)), "each conversation's earliest only");
    assertTrue(deliveries.claim("a-1", AT, AT.plusSeconds(60)));
    deliveries.retryAt("a-1", AT.plusSeconds(5), "the webhook answered 503");
    assertEquals(List.of("b-1"), ids(deliveries.due(AT.plusSeconds(1), 10)), "a-2 waits behind a-1's retry");
    assertEquals(List.of("a-1", "b-1"), ids(deliveries.due(AT.plusSeconds(5), 10)));

    deliveries.delivered("a-1", AT.plusSeconds(5));
    assertEquals(List.of("a-2", "b-1"), ids(deliveries.due(AT.plusSeconds(5), 10)));
    deliveries.failed("b-1", AT.plusSeconds(6), "the webhook answered 404");
    assertEquals(List.of("a-2"), ids(deliveries.due(AT.plusSeconds(6), 10)));

    WebhookDelivery failed = deliveries.list("acme", DeliveryStatus.FAILED, 10).get(0);
    assertEquals("b-1", failed.id());
    assertEquals(1, failed.attempts());
    assertEquals("the webhook answered 404", failed.lastError().orElseThrow());
    assertEquals(List.of(), deliveries.list("globex", DeliveryStatus.FAILED, 10), "another tenant's are not listed");
    assertFalse(deliveries.redeliver("globex", "b-1", AT.plusSeconds(7)), "nor redelivered");
    assertFalse(deliveries.redeliver("acme", "a-1", AT.plusSeconds(7)), "only a failed one is redelivered");
    assertTrue(deliveries.redeliver("acme", "b-1", AT.plusSeconds(7)));
    WebhookDelivery again = deliveries.due(AT.plusSeconds(7), 10).stream().filter(d -> d.id().equals("b-1")).findFirst()
        .orElseThrow();
    assertEquals(AT.plusSeconds(7), again.retryFrom(), "a new retry window");
    assertEquals(0, again.attempts());
  }

  @OnEachDialect
  void ofTwoNodesClaimingOneRowOnlyOneWinsUntilTheClaimLapses(Dialect dialect) throws Exception {
    JdbcWebhookDeliveries deliveries = open(dialect);
    add("a-1", "acme", "s-a", 1);
    int nodes = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Boolean>> claims = java.util.stream.IntStream.range(0, nodes)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return deliveries.claim("a-1", AT, AT.plus(Duration.ofMinutes(1)));
        })).toList();
    go.countDown();
    assertEquals(1, claims.stream().filter(CompletableFuture::join).count(), "exactly one claim wins");
    assertEquals(List.of(), deliveries.due(AT.plusSeconds(30), 10), "a claimed row is nobody else's while claimed");
    assertEquals(List.of("a-1"), ids(deliveries.due(AT.plusSeconds(61), 10)), "a lapsed claim (its node crashed) frees it");
    assertTrue(deliveries.claim("a-1", AT.plusSeconds(61), AT.plusSeconds(121)));
  }

  /** The ids, sorted: rows queued at one instant have no order between conversations. */
  private static List<String> ids(List<WebhookDelivery> found) {
    return found.stream().map(WebhookDelivery::id).sorted().toList();
  }
}
