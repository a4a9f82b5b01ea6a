package io.parley.http.mcp;

import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * One tool of the MCP server: its name and what it tells the model, the REST operation whose parameters are its
 * arguments ({@code operationId} in openapi.json), the permission that operation needs, and the read that answers
 * as that operation does.
 */
record StaffTool(String name, String title, String description, String operationId, Action action, Read read) {
  /** The REST route's answer to {@code caller} for these query parameters. */
  @FunctionalInterface
  interface Read {
    CompletionStage<HttpResponse> answer(Caller caller, Map<String, String> parameters);
  }
}
