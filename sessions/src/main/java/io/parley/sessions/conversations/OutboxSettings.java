package io.parley.sessions.conversations;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import java.time.Duration;

/**
 * The conversation webhooks' delivery ({@code parley.workflows.conversation-webhooks}): how long a
 * row is retried before it is failed, the first retry's wait (doubled each time), how often a node
 * looks for due rows, how long a claim holds a row (longer than one POST may take), how long
 * delivered and failed rows are kept, and how often a node prunes those kept long enough.
 */
public record OutboxSettings(Duration retryFor, Duration firstRetry, Duration pollEvery, Duration claimFor,
    Duration keepDelivered, Duration keepFailed, Duration pruneEvery) {
  private static final Duration CLAIM_FOR = Duration.ofMinutes(1);
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

  public OutboxSettings {
    if (keepFailed.compareTo(keepDelivered) < 0) {
      throw new InvalidSettingException("PARLEY_WEBHOOK_KEEP_FAILED (" + keepFailed + ") must not be shorter than "
          + "PARLEY_WEBHOOK_KEEP_DELIVERED (" + keepDelivered + "): a failed delivery is kept for an admin to redeliver");
    }
  }

  public static OutboxSettings from(Config config) {
    Config outbox = config.getConfig("parley.workflows.conversation-webhooks");
    return new OutboxSettings(outbox.getDuration("retry-for"), outbox.getDuration("first-retry"),
        outbox.getDuration("poll-every"), CLAIM_FOR, outbox.getDuration("keep-delivered"),
        outbox.getDuration("keep-failed"), PRUNE_EVERY);
  }
}
