package io.parley.core.handoff;

import java.time.Instant;

/**
 * A phone call handed to a person by a blind transfer: to {@code target}, {@code transferred} when
 * the far end answered (the call then left Parley), else why not ({@code outcome}, e.g.
 * {@code 503 Service Unavailable}), and the caller stayed with the bot.
 */
public record CallTransfer(String target, boolean transferred, String outcome, Instant at) {}
