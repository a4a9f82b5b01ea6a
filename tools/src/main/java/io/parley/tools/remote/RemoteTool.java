package io.parley.tools.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.net.OutboundHttp;
import io.parley.core.net.RefusedAddress;
import io.parley.core.signing.BodySignature;
import io.parley.tools.ResultLimit;
import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tool on someone else's server. Each call POSTs {@code {"tool", "arguments", "idempotencyKey",
 * "tenant", "sessionId"}} as JSON to the endpoint's URL, with the key again in an
 * {@value #IDEMPOTENCY_HEADER} header (the same for every attempt and re-run of one call, so the
 * server can do the work once) and, when a secret is set, {@link BodySignature#HEADER}.
 *
 * <p>What comes back: a 2xx JSON body is the result the model reads (its string {@code summary},
 * when it has one, is the line people see); 408, 429, 5xx, a refused connection and no whole answer
 * within the timeout are transient failures, worth another attempt; any other status is the
 * server's refusal, permanent, with the server's own message for the model. A 2xx body that is not
 * JSON is permanent too: the server answered, so the call may have done its work. So is an address
 * the node's outbound policy refuses ({@link OutboundHttp}): another attempt would reach it again.
 * An answer longer than the {@link ResultLimit} is read no further (the connection is closed) and
 * the model reads its beginning, with a note that it was cut.
 */
public record RemoteTool(RemoteToolEndpoint endpoint, OutboundHttp http, ResultLimit limit) implements Tool {
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  private static final int MAX_MESSAGE_CHARS = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** @param http shared by the node's remote tools; each call sets its own timeout */
  public RemoteTool {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(limit, "limit");
  }

  @Override
  public ToolDefinition definition() {
    return endpoint.definition();
  }

  @Override
  public ToolResult run(ToolInvocation invocation) {
    String body = requestBody(invocation);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    headers.put(IDEMPOTENCY_HEADER, invocation.idempotencyKey());
    endpoint.secret().ifPresent(secret -> headers.put(BodySignature.HEADER, BodySignature.of(secret, body)));
    invocation.traceparent().ifPresent(traceparent -> headers.put("traceparent", traceparent));
    OutboundHttp.Answer answer = send(headers, body);
    if (answer.cut() && answer.successful()) {
      return new ToolResult(limit.cut(answer.body()), endpoint.name() + " succeeded (its answer was cut)");
    }
    return read(endpoint.name(), answer.status(), answer.body());
  }

  private String requestBody(ToolInvocation invocation) {
    ObjectNode body = JSON.createObjectNode();
    body.put("tool", endpoint.name());
    body.set("arguments", invocation.arguments());
    body.put("idempotencyKey", invocation.idempotencyKey());
    body.put("tenant", invocation.tenant());
    body.put("sessionId", invocation.sessionId());
    return body.toString();
  }

  /** The whole exchange within the timeout: a server that sends headers and then stalls is no better than silence. */
  private OutboundHttp.Answer send(Map<String, String> headers, String body) {
    String name = endpoint.name();
    long timeoutMs = definition().timeout().toMillis();
    try {
      return http.postJson(endpoint.url(), headers, body, definition().timeout(), limit.maxBytes());
    } catch (IOException e) {
      Optional<RefusedAddress> refused = RefusedAddress.in(e);
      if (refused.isPresent()) {
        throw ToolFailure.refusedAddress(name, refused.get());
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new ToolFailure(name + " was interrupted before it answered", true, e);
      }
      if (e instanceof InterruptedIOException) {
        throw new ToolFailure(name + " did not answer within " + timeoutMs + " ms", true, e);
      }
      throw new ToolFailure(name + " could not be reached (" + e.getClass().getSimpleName() + ")", true, e);
    }
  }

  /** The outcome of an answer with {@code status} and {@code body}, as the class comment says. */
  private ToolResult read(String name, int status, String body) {
    if (status >= 200 && status < 300) {
      JsonNode content = parse(body);
      if (content == null) {
        throw new ToolFailure(name + " answered, but not with JSON, so what it did is unknown; do not call it again"
            + " for this, and tell the customer it could not be confirmed.", false);
      }
      JsonNode summary = content.path("summary");
      return new ToolResult(limit.cut(content.toString()), summary.isTextual() && !summary.asText().isBlank()
          ? truncated(summary.asText()) : name + " succeeded");
    }
    String says = serverMessage(body).map(message -> ": " + message).orElse("");
    if (status == 408 || status == 429 || status >= 500) {
      throw new ToolFailure(name + " failed (HTTP " + status + says + ")", true);
    }
    throw new ToolFailure(name + " refused the call (HTTP " + status + says + ")", false);
  }

  /** The body's JSON, {@code {}} for an empty body; null when it is not JSON. */
  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) return JSON.createObjectNode();
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** A JSON {@code message} or {@code error} (or {@code error.message}), or else a short plain-text body. */
  private static Optional<String> serverMessage(String body) {
    JsonNode json = parse(body);
    if (json == null) return Optional.of(truncated(body.strip()));
    for (JsonNode candidate : new JsonNode[] {json.path("message"), json.path("error").path("message"), json.path("error")}) {
      if (candidate.isTextual() && !candidate.asText().isBlank()) return Optional.of(truncated(candidate.asText()));
    }
    return Optional.empty();
  }

  private static String truncated(String text) {
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
  }
}
