package io.parley.sessions.conversations;

import io.parley.persistence.webhooks.JdbcWebhookDeliveries;
import io.parley.persistence.webhooks.WebhookDelivery;
import io.parley.sessions.workflow.StepFailure;
import io.parley.sessions.workflow.Webhooks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the conversation events' webhook outbox, one worker a node. Each round claims the due rows
 * (a conversation's earliest pending one only, so its events arrive in order) and POSTs them signed
 * as every webhook is ({@link Webhooks}), with the row's id in {@value Webhooks#DELIVERY_HEADER} for
 * the receiver to drop repeats: a row is sent at least once. A transient failure is retried after
 * a doubling wait until the row's retry window ({@code PARLEY_WEBHOOK_RETRY_FOR}) has passed; then,
 * or at once for a permanent failure or a tenant with no webhook, the row is failed, and the
 * conversation's next row goes out. Finished rows are pruned ({@link #prune()}): delivered ones
 * after {@code PARLEY_WEBHOOK_KEEP_DELIVERED}, failed ones, which an admin may still redeliver,
 * after the longer {@code PARLEY_WEBHOOK_KEEP_FAILED}.
 */
public record OutboxDelivery(JdbcWebhookDeliveries deliveries, Webhooks webhooks, OutboxSettings settings,
    Clock clock) {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
  private static final int BATCH = 50;
  private static final Duration LONGEST_WAIT = Duration.ofHours(1);

  /** Starts this node's worker, on the blocking dispatcher: it waits on the database and on POSTs. */
  public static void start(ActorSystem<?> system, JdbcWebhookDeliveries deliveries, Webhooks webhooks,
      OutboxSettings settings, Clock clock) {
    OutboxDelivery worker = new OutboxDelivery(deliveries, webhooks, settings, clock);
    system.classicSystem().scheduler().scheduleWithFixedDelay(settings.pollEvery(), settings.pollEvery(),
        worker::roundOnce, system.dispatchers().lookup(DispatcherSelector.blocking()));
    system.classicSystem().scheduler().scheduleWithFixedDelay(settings.pruneEvery(), settings.pruneEvery(),
        worker::pruneOnce, system.dispatchers().lookup(DispatcherSelector.blocking()));
  }

  private void pruneOnce() {
    try {
      int pruned = prune();
      if (pruned > 0) LOG.info("Pruned {} finished webhook deliveries", pruned);
    } catch (RuntimeException e) {
      LOG.warn("Pruning webhook deliveries failed; the next round tries again", e);
    }
  }

  /** Deletes the rows kept long enough; returns how many. Every node prunes: a second delete finds nothing. */
  int prune() {
    Instant now = clock.instant();
    return deliveries.prune(now.minus(settings.keepDelivered()), now.minus(settings.keepFailed()));
  }

  private void roundOnce() {
    try {
      while (round() > 0) {
        // Another round at once: a conversation's next row became due when this one finished.
      }
    } catch (RuntimeException e) {
      LOG.warn("Webhook delivery round failed; the next one tries again", e);
    }
  }

  /** Sends what is due now; returns how many rows it finished. */
  int round() {
    Instant now = clock.instant();
    List<WebhookDelivery> due = deliveries.due(now, BATCH);
    int finished = 0;
    for (WebhookDelivery delivery : due) {
      if (!deliveries.claim(delivery.id(), now, now.plus(settings.claimFor()))) continue;
      if (send(delivery)) finished++;
    }
    return finished;
  }

  /** One attempt; whether the row is finished (delivered or failed). */
  private boolean send(WebhookDelivery delivery) {
    try {
      Optional<Webhooks.Webhook> hook = webhooks.of(delivery.tenant());
      if (hook.isEmpty()) {
        deliveries.failed(delivery.id(), clock.instant(), "the tenant has no webhook (PARLEY_WEBHOOKS)");
        return true;
      }
      webhooks.deliver(hook.get(), delivery.body(), delivery.id());
      deliveries.delivered(delivery.id(), clock.instant());
      return true;
    } catch (StepFailure failure) {
      Instant now = clock.instant();
      if (!failure.transientFailure() || !now.isBefore(delivery.retryFrom().plus(settings.retryFor()))) {
        deliveries.failed(delivery.id(), now, failure.getMessage());
        return true;
      }
      deliveries.retryAt(delivery.id(), now.plus(wait(delivery.attempts())), failure.getMessage());
      return false;
    }
  }

  /** The first retry's wait, doubled for each attempt since, at most an hour. */
  private Duration wait(int attemptsBefore) {
    Duration wait = settings.firstRetry();
    for (int i = 0; i < attemptsBefore && wait.compareTo(LONGEST_WAIT) < 0; i++) wait = wait.multipliedBy(2);
    return wait.compareTo(LONGEST_WAIT) < 0 ? wait : LONGEST_WAIT;
  }
}
