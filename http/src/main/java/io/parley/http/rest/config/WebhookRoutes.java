package io.parley.http.rest.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.identity.Action;
import io.parley.core.session.ErrorCode;
import io.parley.http.auth.Callers;
import io.parley.http.rest.QueryParameters;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.persistence.webhooks.DeliveryStatus;
import io.parley.persistence.webhooks.JdbcWebhookDeliveries;
import io.parley.persistence.webhooks.WebhookDelivery;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The caller's tenant's conversation webhook deliveries, for its admins:
 * {@code GET /v1/webhooks/deliveries?status=failed&limit=} lists them newest first, and
 * {@code POST /v1/webhooks/deliveries/{id}/redeliver} sends a failed one again with a new retry
 * window. Both are audited; another tenant's delivery is not found.
 */
public final class WebhookRoutes extends StoreRoutes {
  public static final int MAX_LIMIT = 500;
  private static final int DEFAULT_LIMIT = 100;
  private static final String STATUSES =
      String.join(", ", Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::wireName).toList());

  record DeliveryJson(String id, String event, String conversationId, long eventSeq, String status, Instant createdAt,
      int attempts, Optional<String> lastError, Optional<Instant> finishedAt) {
    static DeliveryJson of(WebhookDelivery delivery) {
      return new DeliveryJson(delivery.id(), delivery.event(), delivery.sessionId(), delivery.eventSeq(),
          delivery.status().wireName(), delivery.createdAt(), delivery.attempts(), delivery.lastError(),
          delivery.finishedAt());
    }
  }

  record ListJson(String tenant, String status, List<DeliveryJson> deliveries) {}

  record RedeliveredJson(String id, String status) {}

  private final JdbcWebhookDeliveries deliveries;
  private final Clock clock;

  public WebhookRoutes(JdbcWebhookDeliveries deliveries, ObjectMapper json, Callers callers, Executor blocking,
      Clock clock) {
    super(callers, new StoreCalls(json, blocking));
    this.deliveries = deliveries;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("webhooks").slash("deliveries"), () -> callers.caller(caller -> concat(
        pathEnd(() -> get(() -> callers.audited(caller, Action.MANAGE_WEBHOOKS, "webhook.deliveries.list", () ->
            parameterOptional("status", status -> parameterOptional("limit", limit -> calls.call(() -> {
              DeliveryStatus wanted = status(status.orElse(DeliveryStatus.FAILED.wireName()));
              List<DeliveryJson> found = deliveries.list(caller.tenant(), wanted, limit(limit)).stream()
                  .map(DeliveryJson::of).toList();
              return calls.json(StatusCodes.OK, new ListJson(caller.tenant(), wanted.wireName(), found));
            })))))),
        path(PathMatchers.segment().slash("redeliver"), id -> post(() -> callers.audited(caller,
            Action.MANAGE_WEBHOOKS, "webhook.redeliver", () -> calls.call(() -> {
              Instant now = clock.instant();
              if (!deliveries.redeliver(caller.tenant(), id, now)) {
                return calls.errors().response(ErrorCode.NOT_FOUND, "no failed webhook delivery " + id);
              }
              return calls.json(StatusCodes.ACCEPTED, new RedeliveredJson(id, DeliveryStatus.PENDING.wireName()));
            })))))));
  }

  private static DeliveryStatus status(String raw) {
    return Arrays.stream(DeliveryStatus.values()).filter(s -> s.wireName().equals(raw)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("status must be one of " + STATUSES + ", got " + raw));
  }

  private static int limit(Optional<String> raw) {
    return raw.map(limit -> QueryParameters.number("limit", limit, 1, MAX_LIMIT)).orElse(DEFAULT_LIMIT);
  }
}
