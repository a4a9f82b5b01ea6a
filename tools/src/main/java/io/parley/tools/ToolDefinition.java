package io.parley.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.parley.core.bot.ToolApproval;
import io.parley.core.retry.Backoff;
import java.time.Duration;

/**
 * What a tool is, as the model and the session see it. {@code parameters} is the JSON schema of
 * the arguments (offered to the model in the OpenAI {@code tools} format and used to validate
 * what it sends back). {@code maxAttempts} and {@code backoff} apply to transient failures only;
 * a tool that is not {@code idempotent} relies on the invocation's idempotency key to make a
 * retried or re-run call harmless. {@code approval} says who must approve a call before it runs
 * (docs/tools.md#approvals): the session asks, and the call runs only once approved.
 */
public record ToolDefinition(
    String name, String description, JsonNode parameters, Duration timeout, int maxAttempts, Backoff backoff,
    boolean idempotent, ToolApproval approval) {
  /** 200 ms, then doubling to at most 2 s, less up to half as jitter: every tool's, built-in or remote. */
  public static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, 0.5);

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  public ToolDefinition {
    approval = approval == null ? ToolApproval.NONE : approval;
  }

  /** A tool that runs without anyone's approval: every node tool. */
  public ToolDefinition(String name, String description, JsonNode parameters, Duration timeout, int maxAttempts,
      Backoff backoff, boolean idempotent) {
    this(name, description, parameters, timeout, maxAttempts, backoff, idempotent, ToolApproval.NONE);
  }

  /**
   * A definition whose parameters' schema is JSON text written in the tool's source.
   *
   * @throws IllegalStateException if {@code schemaJson} is not JSON: a bug in that source
   */
  public static ToolDefinition withSchemaText(String name, String description, String schemaJson, Duration timeout,
      int maxAttempts, Backoff backoff, boolean idempotent) {
    JsonNode schema;
    try {
      schema = JSON.readTree(schemaJson);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The schema of tool " + name + " is not JSON: " + e.getOriginalMessage(), e);
    }
    return new ToolDefinition(name, description, schema, timeout, maxAttempts, backoff, idempotent);
  }
}
