package io.parley.sessions.workflow;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The conversation webhooks' delivery ({@code parley.workflows.conversation-webhooks}): how long a
 * row is retried before it is failed, the first retry's wait (doubled each time), how often a node
 * looks for due rows, and how long a claim holds a row (longer than one POST may take).
 */
public record OutboxSettings(Duration retryFor, Duration firstRetry, Duration pollEvery, Duration claimFor) {
  private static final Duration CLAIM_FOR = Duration.ofMinutes(1);

  public static OutboxSettings from(Config config) {
    Config outbox = config.getConfig("parley.workflows.conversation-webhooks");
    return new OutboxSettings(outbox.getDuration("retry-for"), outbox.getDuration("first-retry"),
        outbox.getDuration("poll-every"), CLAIM_FOR);
  }
}
