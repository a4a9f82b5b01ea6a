package io.parley.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.retry.Backoff;
import java.time.Duration;

/**
 * What a tool is, as the model and the session see it. {@code parameters} is the JSON schema of
 * the arguments (offered to the model in the OpenAI {@code tools} format and used to validate
 * what it sends back). {@code maxAttempts} and {@code backoff} apply to transient failures only;
 * a tool that is not {@code idempotent} relies on the invocation's idempotency key to make a
 * retried or re-run call harmless.
 */
public record ToolDefinition(
    String name, String description, JsonNode parameters, Duration timeout, int maxAttempts, Backoff backoff,
    boolean idempotent) {}
