package io.parley.sessions;

import com.typesafe.config.Config;
import io.parley.core.call.TransferTarget;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import io.parley.core.retry.Backoff;
import java.time.Duration;
import java.util.Optional;

/** Tuning of chat sessions and their turns, read once at start-up from {@code parley.session}. */
public record SessionSettings(
    Duration passivateAfterIdle,
    int restartWakesPerSecond,
    Duration turnTimeout,
    int answerMaxTokens,
    int contextTokens,
    double temperature,
    int snapshotEvery,
    String assistantName,
    String companyName,
    Duration idleClose,
    Backoff retryBackoff,
    Duration retryAttemptTimeout,
    int messagesPerMinute,
    int messageBurst,
    int tenantMessagesPerMinute,
    long sessionTokenBudget,
    Duration agentWaitLimit,
    int maxConversationsPerAgent,
    boolean redactPrompts,
    boolean redactArchive,
    int leadThreshold,
    Optional<String> phoneTransferTarget,
    Duration ratingWindow,
    Duration pieceInterval) {

  public static SessionSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    SessionSettings settings = new SessionSettings(
        reader.duration("parley.session.passivate-after-idle", "PARLEY_SESSION_PASSIVATE_AFTER"),
        reader.positiveInt("parley.session.restart-wakes-per-second", "PARLEY_SESSION_RESTART_WAKES_PER_SECOND"),
        reader.duration("parley.session.turn-timeout", "PARLEY_TURN_TIMEOUT"),
        reader.positiveInt("parley.session.answer-max-tokens", "PARLEY_ANSWER_MAX_TOKENS"),
        reader.positiveInt("parley.session.context-tokens", "PARLEY_CONTEXT_TOKENS"),
        reader.decimal("parley.session.temperature", "PARLEY_TEMPERATURE", 0, 2),
        reader.positiveInt("parley.session.snapshot-every", "PARLEY_SNAPSHOT_EVERY"),
        reader.string("parley.bot.assistant-name", "PARLEY_ASSISTANT_NAME"),
        reader.string("parley.bot.company-name", "PARLEY_COMPANY_NAME"),
        reader.duration("parley.session.idle-close", "PARLEY_SESSION_IDLE_CLOSE"),
        new Backoff(
            reader.duration("parley.session.retry.initial-delay", "PARLEY_RETRY_INITIAL_DELAY"),
            reader.duration("parley.session.retry.max-delay", "PARLEY_RETRY_MAX_DELAY"),
            2.0, 0.5),
        reader.duration("parley.session.retry.attempt-timeout", "PARLEY_RETRY_ATTEMPT_TIMEOUT"),
        reader.positiveInt("parley.session.messages-per-minute", "PARLEY_SESSION_MESSAGES_PER_MINUTE"),
        reader.positiveInt("parley.session.message-burst", "PARLEY_SESSION_MESSAGE_BURST"),
        reader.nonNegativeInt("parley.session.tenant-messages-per-minute", "PARLEY_TENANT_MESSAGES_PER_MINUTE"),
        reader.positiveInt("parley.session.token-budget", "PARLEY_SESSION_TOKEN_BUDGET"),
        reader.duration("parley.handoff.wait-limit", "PARLEY_HANDOFF_WAIT_LIMIT"),
        reader.positiveInt("parley.handoff.max-conversations-per-agent", "PARLEY_AGENT_MAX_CONVERSATIONS"),
        reader.flag("parley.privacy.redact-prompts", "PARLEY_REDACT_PROMPTS"),
        reader.flag("parley.privacy.redact-archive", "PARLEY_REDACT_ARCHIVE"),
        reader.positiveInt("parley.lead.threshold", "PARLEY_LEAD_THRESHOLD"),
        reader.optionalString("parley.handoff.phone-transfer-target", "PARLEY_SIP_TRANSFER_TARGET",
            TransferTarget.EXPECTED, TransferTarget::isValid),
        reader.duration("parley.session.rating-window", "PARLEY_RATING_WINDOW"),
        reader.durationOrZero("parley.session.piece-interval", "PARLEY_ANSWER_PIECE_INTERVAL"));
    if (settings.leadThreshold() > 100) {
      throw new InvalidSettingException("PARLEY_LEAD_THRESHOLD must be a lead score from 1 to 100, got "
          + settings.leadThreshold());
    }
    if (settings.answerMaxTokens() >= settings.contextTokens()) {
      throw new InvalidSettingException("PARLEY_ANSWER_MAX_TOKENS (" + settings.answerMaxTokens()
          + ") must be smaller than PARLEY_CONTEXT_TOKENS (" + settings.contextTokens()
          + "): the prompt and the answer share the context window");
    }
    return settings;
  }
}
