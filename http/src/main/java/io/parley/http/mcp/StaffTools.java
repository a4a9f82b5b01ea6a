package io.parley.http.mcp;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import io.parley.core.audit.AuditResult;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Decision;
import io.parley.http.auth.Audit;
import io.parley.http.rest.staff.StaffReads;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * The MCP server's tools (docs/tools.md, "Parley as an MCP server"): each answers as a REST route of the staff answers
 * the same caller ({@link StaffReads}), with that route's parameters as its arguments ({@link ToolArguments}) and its
 * answer as the result ({@link ToolResults}). A tool needs its route's permission: a caller without it is refused
 * with an error result, recorded in the audit log as the route records its refusals, and is not shown the tool.
 */
record StaffTools(List<StaffTool> tools, ToolArguments arguments, ToolResults results, Audit audit) {
  /** Where a refused call is recorded: the MCP endpoint, as a refused route records its path. */
  static final String RESOURCE = "/v1/mcp";

  /** The four tools over what staff read: conversations (a search, one), the analytics and the knowledge base. */
  static List<StaffTool> over(StaffReads reads) {
    return List.of(
        new StaffTool("search_conversations", "Search conversations",
            "Lists the tenant's conversations, newest first (sort: oldest for the other order), a page at a time: pass "
                + "the answer's next as cursor, with the same filters, for the next page. Filters: from and to (ISO-8601 "
                + "instants of the start), channel, status, resolvedBy, handoff, rating, leadMin and leadMax, tag, userId, "
                + "language, and q: words the customer, the bot or an agent wrote, all of them, whole words. A row holds "
                + "figures (messages, response times, tokens and cost, rating, lead score, tags), no message text: "
                + "read_conversation gives a conversation's messages.",
            "listConversations", Action.READ_CONVERSATIONS, reads::conversations),
        new StaffTool("read_conversation", "Read a conversation",
            "One conversation of the tenant by its sessionId (from search_conversations): its messages, summary, facts, "
                + "handoff, lead, rating and close, as the REST API's GET /v1/conversations/{sessionId} shows it.",
            "getConversation", Action.READ_CONVERSATIONS,
            (caller, parameters) -> reads.conversation(caller, parameters.getOrDefault("sessionId", ""))),
        new StaffTool("read_analytics", "Read the analytics",
            "The tenant's figures over the conversations started in [from, to) (ISO-8601 instants): conversations, "
                + "containment, handoff rate and wait, first-response times, CSAT, tokens and cost, qualified leads and "
                + "languages, in total and per hour, day or ISO week (UTC), and the knowledge-base articles the bot's "
                + "searches found most.",
            "getAnalytics", Action.READ_CONVERSATIONS, reads::analytics),
        new StaffTool("search_knowledge_base", "Search the knowledge base",
            "The passages of the tenant's knowledge base that best match q, as the bot's kb_search tool finds them "
                + "(keyword and embedding rankings fused), best first, each with its document id, title, section, "
                + "source and text.",
            "searchKb", Action.READ_KNOWLEDGE_BASE,
            (caller, parameters) -> reads.knowledgeBase(caller, parameters.getOrDefault("q", ""),
                Optional.ofNullable(parameters.get("limit")))));
  }

  /** Whether {@code caller} may call any tool: the MCP server is for those who may. */
  boolean anyFor(Caller caller) {
    return tools.stream().anyMatch(tool -> mayCall(caller, tool));
  }

  /** Whether {@code caller} is shown the tool named {@code name}: it is when it may call it. */
  boolean shown(Caller caller, String name) {
    return tools.stream().anyMatch(tool -> tool.name().equals(name) && mayCall(caller, tool));
  }

  /** The tools as the SDK's 2025 server serves them. */
  List<AsyncToolSpecification> specifications() {
    return tools.stream().map(tool -> new AsyncToolSpecification(definition(tool),
        (context, request) -> Mono.fromCompletionStage(() -> call(tool, ToolCaller.of(context), request.arguments()))))
        .toList();
  }

  /** What a client is told of {@code tool}, in either revision (the 2026 server reads the same JSON). */
  McpSchema.Tool definition(StaffTool tool) {
    return McpSchema.Tool.builder()
        .name(tool.name())
        .title(tool.title())
        .description(tool.description())
        .inputSchema(arguments.schema(tool.operationId()))
        .annotations(McpSchema.ToolAnnotations.builder().title(tool.title()).readOnlyHint(true).destructiveHint(false)
            .idempotentHint(true).openWorldHint(false).build())
        .build();
  }

  /** A call of {@code tool} with {@code callArguments} by {@code from}: refused and audited unless it may. */
  CompletionStage<CallToolResult> call(StaffTool tool, ToolCaller from, Map<String, Object> callArguments) {
    Decision decision = AccessPolicy.decide(from.caller(), tool.action());
    if (decision instanceof Decision.Forbidden forbidden) {
      audit.record(from.caller(), tool.action().wireName(), RESOURCE, AuditResult.FORBIDDEN, from.requestId(),
          Optional.of(forbidden.reason()), Optional.empty());
      return CompletableFuture.completedStage(ToolResults.error("403 forbidden: " + forbidden.reason()));
    }
    Map<String, String> parameters;
    try {
      parameters = ToolArguments.parameters(callArguments);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedStage(ToolResults.error("400 bad_request: " + e.getMessage()));
    }
    return tool.read().answer(from.caller(), parameters).thenCompose(results::of);
  }

  private static boolean mayCall(Caller caller, StaffTool tool) {
    return AccessPolicy.decide(caller, tool.action()) instanceof Decision.Allowed;
  }
}
