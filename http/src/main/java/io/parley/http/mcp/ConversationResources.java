package io.parley.http.mcp;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.feature.McpAsyncResource;
import io.modelcontextprotocol.modern.server.feature.McpAsyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpAsyncResourceTemplate;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * The MCP server's resources in revision 2026-07-28: each conversation of the caller's tenant is the resource
 * {@code parley://conversations/{sessionId}}, whose contents are what {@code read_conversation} answers for it (the
 * same JSON, the same permission, a refusal audited as the tool's). None is listed (a tenant has too many; a client
 * finds their ids with {@code search_conversations}): the template is, under {@code resources/templates/list}. A URI
 * of no conversation, and a conversation the caller may not read or that does not exist, are errors with the tool's
 * words: {@value #NOT_FOUND} (invalid params, which the revision names for a resource not found, where earlier ones
 * had -32002), with the URI asked for as the error's {@code data.uri}.
 */
record ConversationResources(StaffTools tools) implements McpAsyncResourceRepository {
  static final String TEMPLATE = "parley://conversations/{sessionId}";
  static final int NOT_FOUND = -32602;
  private static final Pattern URI = Pattern.compile("parley://conversations/([^/?#]+)");
  private static final String TOOL = "read_conversation";

  @Override
  public Mono<ResourcesPage> list(McpRequestContext context, String cursor) {
    return Mono.just(ResourcesPage.of(List.of()));
  }

  @Override
  public Mono<ResourceTemplatesPage> listTemplates(McpRequestContext context, String cursor) {
    if (!tools.shown(ToolCaller.of(context.transportContext()).caller(), TOOL)) return Mono.just(ResourceTemplatesPage.of(List.of()));
    return Mono.just(ResourceTemplatesPage.of(List.of(McpSchema.ResourceTemplate.builder(TEMPLATE, "conversation")
        .title("A conversation")
        .description("One conversation of the tenant by its sessionId (from the search_conversations tool), as the "
            + "read_conversation tool answers it: its messages, summary, facts, handoff, lead, rating and close.")
        .mimeType("application/json").build())));
  }

  @Override
  public Mono<McpAsyncResource> find(McpRequestContext context, String uri) {
    Matcher matched = URI.matcher(uri == null ? "" : uri);
    if (!matched.matches()) return Mono.error(notFound(uri, "no resource has the URI " + uri));
    String sessionId = matched.group(1);
    StaffTool read = tools.tools().stream().filter(tool -> tool.name().equals(TOOL)).findFirst().orElseThrow();
    return Mono.just(McpAsyncResource.of((asked, request) -> Mono.fromCompletionStage(() -> tools.call(read,
            ToolCaller.of(asked.transportContext()), Map.of("sessionId", sessionId)))
        .map(result -> {
          String text = result.content().stream().filter(TextContent.class::isInstance).map(TextContent.class::cast)
              .map(TextContent::text).findFirst().orElse("");
          if (Boolean.TRUE.equals(result.isError())) throw notFound(uri, text);
          return McpAsyncResponse.<McpSchema.ReadResourceOutcome>result(McpSchema.ReadResourceResult.builder(List.of(
              McpSchema.TextResourceContents.builder(uri, text).mimeType("application/json").build())).build());
        })));
  }

  private static McpException notFound(String uri, String message) {
    return new McpException(NOT_FOUND, message, Map.of("uri", uri == null ? "" : uri));
  }

  @Override
  public Mono<McpAsyncResourceTemplate> findTemplate(McpRequestContext context, String uriTemplate) {
    return Mono.empty();
  }
}
