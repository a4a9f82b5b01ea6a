package io.parley.core.llm;

import java.util.Optional;

/**
 * A finished streamed completion: the concatenated text, usage when the server sent it, the
 * server's finish reason, and how many HTTP attempts it took.
 */
public record LlmAnswer(String text, Optional<TokenUsage> usage, String finishReason, int attempts) {}
