package io.parley.persistence.webhooks;

import java.time.Instant;
import java.util.Optional;

/**
 * One conversation event for a tenant's webhook. {@code id} is sent with every attempt so the
 * receiver drops a repeat; {@code eventSeq} orders the conversation's deliveries; {@code body} is
 * the signed JSON, which names ids and kinds of things, never what anyone wrote. {@code retryFrom}
 * starts the window its retries have: its creation, or its last redelivery.
 */
public record WebhookDelivery(String id, String tenant, String sessionId, long eventSeq, String event, String body,
    DeliveryStatus status, Instant createdAt, Instant retryFrom, int attempts, Optional<String> lastError, Optional<Instant> finishedAt) {}
