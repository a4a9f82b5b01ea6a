package io.parley.tools.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.parley.core.bot.McpServerSetting;
import io.parley.core.net.RefusedAddress;
import io.parley.tools.ConfirmationAsked;
import io.parley.tools.ConfirmationAsked.FormAsked;
import io.parley.tools.ResultLimit;
import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import io.parley.tools.mcp.AnswerTooLarge;
import io.parley.tools.mcp.McpServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A tool of a tenant's MCP server, offered to the model as {@code <server>_<tool>}: each call is a
 * {@code tools/call} of the server's own name for it, through the node's connection to the server,
 * carrying the call's idempotency key in its {@code _meta} ({@value McpServers#IDEMPOTENCY_META}): the same
 * for every attempt and re-run of the call, so a server that honours it does the work once; and the
 * call's span ({@value McpServers#TRACEPARENT_META}), which the server's own trace may continue.
 *
 * <p>What comes back: the result's text (its structured content as JSON when it has no text), cut
 * to the {@link ResultLimit} with a note; a result the server marks as an error is a permanent
 * failure with the server's words. A JSON-RPC error is permanent (the server refused the call)
 * unless it is an internal or implementation-defined server error ({@code -32603}, {@code -32000} to
 * {@code -32099}), which is transient; no answer within the timeout, a connection refused or lost
 * mid-answer, and a session the server forgot are transient; an answer too large to read and an
 * address the outbound policy refuses are permanent. A confirmation or a form the server asks for that nobody gave
 * yet is {@link ConfirmationAsked} or {@link FormAsked}, under the name the model knows the tool by; the values the
 * customer filled a form in with are taken out of the result's text before the model reads it
 * ({@link io.parley.tools.CallConsent#redacted}).
 */
record McpTool(String tenant, McpServerSetting.Address server, String toolOnServer, ToolDefinition definition,
    McpServers servers, ResultLimit limit) implements Tool {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE_CHARS = 500;

  @Override
  public ToolDefinition definition() {
    return definition;
  }

  @Override
  public ToolResult run(ToolInvocation invocation) {
    String name = definition.name();
    McpSchema.CallToolResult result;
    try {
      result = servers.call(tenant, server, toolOnServer, invocation.arguments(), invocation.consent(),
          invocation.idempotencyKey(), invocation.traceparent(), definition.timeout());
    } catch (McpError refused) {
      McpSchema.JSONRPCResponse.JSONRPCError error = refused.getJsonRpcError();
      int code = error == null || error.code() == null ? 0 : error.code();
      boolean serverError = code == McpSchema.ErrorCodes.INTERNAL_ERROR || code <= -32000 && code >= -32099;
      // Without a JSON-RPC error the failure is the client's own, whose message may name the server's address.
      String says = error == null ? "no reason given" : error.message();
      throw new ToolFailure(name + (serverError ? " failed" : " refused the call") + " (" + truncated(says) + ")",
          serverError, refused);
    } catch (FormAsked asked) {
      throw new FormAsked(name, asked.form());
    } catch (ConfirmationAsked asked) {
      throw new ConfirmationAsked(name, asked.question());
    } catch (RuntimeException e) {
      throw failure(name, e);
    }
    String text = invocation.consent().redacted(text(result));
    if (Boolean.TRUE.equals(result.isError())) {
      throw new ToolFailure(name + " failed: " + truncated(text.isBlank() ? "the server gave no reason" : text), false);
    }
    return new ToolResult(limit.cut(text), name + " succeeded");
  }

  private ToolFailure failure(String name, RuntimeException e) {
    Optional<RefusedAddress> refused = RefusedAddress.in(e);
    if (refused.isPresent()) return ToolFailure.refusedAddress(name, e);
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        return new ToolFailure(name + " did not answer within " + definition.timeout().toMillis() + " ms", true, e);
      }
      if (cause instanceof AnswerTooLarge) {
        return new ToolFailure(name + " answered with more than the node reads of one answer, so nothing of it is"
            + " used; do not call it again for this, and tell the customer the answer was too large to read.", false, e);
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return new ToolFailure(name + " could not be reached (" + root.getClass().getSimpleName() + ")", true, e);
  }

  /** The result as the model reads it. */
  private static String text(McpSchema.CallToolResult result) {
    List<String> parts = new ArrayList<>();
    if (result.content() != null) {
      for (McpSchema.Content content : result.content()) {
        switch (content) {
          case McpSchema.TextContent text -> parts.add(text.text());
          case McpSchema.ResourceLink link -> parts.add("(a resource: " + link.uri() + ")");
          default -> parts.add("(" + content.type() + " content, which is not shown here)");
        }
      }
    }
    if (result.structuredContent() != null && parts.stream().allMatch(part -> part.startsWith("("))) {
      parts.add(JSON.valueToTree(result.structuredContent()).toString());
    }
    return String.join("\n", parts);
  }

  private static String truncated(String text) {
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
  }
}
