package io.parley.core.bot;

import java.util.function.ToIntFunction;

/**
 * The node's own usage limits, which bound a tenant's {@link UsageLimits} when its document is
 * published: its context window ({@code PARLEY_CONTEXT_TOKENS}), a session's model tokens
 * ({@code PARLEY_SESSION_TOKEN_BUDGET}) and messages a minute ({@code PARLEY_SESSION_MESSAGES_PER_MINUTE}),
 * a tenant's messages a minute on the node ({@code PARLEY_TENANT_MESSAGES_PER_MINUTE}, 0: no limit),
 * and the least context window a configuration's turns can run in (its system prompt, room for the
 * conversation, its answer), which only the node's prompts know.
 */
public record NodeLimits(int contextTokens, int sessionTokens, int sessionMessagesPerMinute,
    int tenantMessagesPerMinute, ToIntFunction<BotConfig> leastContextTokens) {}
