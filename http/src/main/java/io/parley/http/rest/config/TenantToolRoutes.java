package io.parley.http.rest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.BotConfigDocument;
import io.parley.core.bot.JsonText;
import io.parley.core.bot.SecretKeeping;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.http.auth.Callers;
import io.parley.http.edge.Refusals;
import io.parley.http.rest.ApiError;
import io.parley.http.rest.JsonBodies;
import io.parley.sessions.bot.BotConfigs;
import io.parley.sessions.bot.TenantBotConfig;
import io.parley.tools.ToolCallCounts;
import io.parley.tools.ToolDefinition;
import io.parley.tools.tenant.ConfiguredTenantTools;
import io.parley.tools.tenant.OwnTool;
import io.parley.tools.tenant.ToolTrial;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The tenant's own tools, for its admins (docs/tools.md#what-the-admin-sees):
 * {@code POST /v1/tools/test} tries an HTTP tool or an MCP server before it is saved, as a save
 * checks it and then reaching its server (the server's tools and their schemas, or why not), and
 * {@code GET /v1/tools/status} lists the tools of the draft and the live version, and the
 * operator's node-wide tools, each with its calls and failures for this tenant on this node and
 * the state of its breaker. A secret the entry tried leaves out is the one the draft or the live
 * version keeps for the same entry, as when a draft is saved.
 */
public final class TenantToolRoutes extends AllDirectives {
  record ToolJson(String name, String offeredAs, String description, JsonNode inputSchema, boolean allowed,
      String approval) {}

  record TrialJson(boolean reached, Optional<Integer> status, List<ToolJson> tools, List<String> problems) {}

  record StatusJson(String name, Optional<String> server, boolean nodeWide, List<String> in, Optional<String> approval,
      long calls, long failures, Optional<Instant> lastCall, Optional<Instant> lastFailure, String breaker) {}

  record StatusesJson(String tenant, Instant since, List<StatusJson> tools) {}

  /** What the routes read of the node: its tools, their trial, their counts and the state of a breaker by its name. */
  public record Tools(ConfiguredTenantTools own, List<ToolDefinition> operatorTools, ToolTrial trial,
      ToolCallCounts counts, Function<String, String> breakerState, Function<String, String> operatorBreaker) {}

  private final BotConfigs.Sharded configs;
  private final Tools tools;
  private final BotConfigDocument.Node node;
  private final TenantSecrets secrets;
  private final JsonBodies bodies;
  private final ApiError errors;
  private final Callers callers;
  private final Duration askTimeout;
  private final Executor blocking;

  public TenantToolRoutes(BotConfigs.Sharded configs, Tools tools, BotConfigDocument.Node node, TenantSecrets secrets,
      JsonBodies bodies, ApiError errors, Callers callers, Duration askTimeout, Executor blocking) {
    this.configs = configs;
    this.tools = tools;
    this.node = node;
    this.secrets = secrets;
    this.bodies = bodies;
    this.errors = errors;
    this.callers = callers;
    this.askTimeout = askTimeout;
    this.blocking = blocking;
  }

  public Route route() {
    return pathPrefix(PathMatchers.segment("v1").slash("tools"), () -> callers.caller(caller -> concat(
        path("test", () -> post(() -> callers.audited(caller, Action.CONFIGURE_BOT, "tools.test", () ->
            bodies.objectBody(body -> completeWithFuture(test(caller, body)))))),
        path("status", () -> get(() -> callers.permitted(caller, Action.CONFIGURE_BOT, () ->
            completeWithFuture(status(caller))))))));
  }

  /** Body: {@code {"httpTool": {...}}} or {@code {"mcpServer": {...}}}, an entry as the configuration has it. */
  private CompletionStage<HttpResponse> test(Caller caller, JsonNode body) {
    boolean http = body.has("httpTool");
    if (http == body.has("mcpServer") || body.size() != 1) {
      return CompletableFuture.completedFuture(ConfigRoutes.problems(bodies, "nothing was tried",
          List.of("the body must be {\"httpTool\": {...}} or {\"mcpServer\": {...}}, one entry as the configuration has it")));
    }
    String setting = http ? "httpTools" : "mcpServers";
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    document.putArray(setting).add(body.get(http ? "httpTool" : "mcpServer"));
    return ConfigRoutes.replaced(configs, caller.tenant(), askTimeout, true)
        .thenApplyAsync(replaced -> tried(caller.tenant(), document, setting, http, replaced), blocking)
        .exceptionally(failure -> errors.response(Refusals.of(failure, "the configuration")));
  }

  private HttpResponse tried(String tenant, JsonNode document, String setting, boolean http, List<BotConfig> replaced) {
    String entry = http ? "httpTool" : "mcpServer";
    BotConfigDocument.Read read = BotConfigDocument.read(document, node,
        new SecretKeeping(plaintext -> secrets.sealText(tenant, plaintext), replaced));
    if (read instanceof BotConfigDocument.Read.Invalid invalid) {
      return refused(invalid.problems().stream().map(problem -> problem.replace(setting + "[0]", entry)).toList());
    }
    BotConfig config = ((BotConfigDocument.Read.Valid) read).config();
    ToolTrial.Outcome outcome = http ? tools.trial().http(config.httpTools().get(0))
        : tools.trial().mcp(tenant, config.mcpServers().get(0));
    return switch (outcome) {
      case ToolTrial.Outcome.Refused refused -> refused(refused.problems());
      case ToolTrial.Outcome.Unreachable unreachable -> errors.response(StatusCodes.BAD_GATEWAY.intValue(), "bad_gateway",
          unreachable.reason());
      case ToolTrial.Outcome.Reached reached -> bodies.response(StatusCodes.OK, new TrialJson(true, reached.status(),
          reached.tools().stream().map(tool -> new ToolJson(tool.name(), tool.offeredAs(), tool.description(),
              JsonText.tree(tool.inputSchema()), tool.allowed(), tool.approval().wireName())).toList(),
          reached.problems()));
    };
  }

  private HttpResponse refused(List<String> problems) {
    return ConfigRoutes.problems(bodies, "the entry has " + problems.size() + " problem(s); nothing was tried", problems);
  }

  private CompletionStage<HttpResponse> status(Caller caller) {
    String tenant = caller.tenant();
    return configs.of(tenant).ask(TenantBotConfig.GetDraft::new, askTimeout).thenCombine(
            configs.of(tenant).ask(TenantBotConfig.GetCurrent::new, askTimeout), (draft, current) -> {
              Map<String, List<String>> in = new LinkedHashMap<>();
              Map<String, OwnTool> own = new LinkedHashMap<>();
              draft.draft().ifPresent(d -> collect(tenant, d.config(), "draft", own, in));
              current.version().ifPresent(v -> collect(tenant, v.config(), "live", own, in));
              List<StatusJson> statuses = new ArrayList<>();
              own.values().forEach(tool -> statuses.add(status(tenant, tool.name(), tool.server(), false, in.get(tool.name()),
                  Optional.of(tool.approval().wireName()), tool.breaker())));
              BotConfig live = current.version().map(TenantBotConfig.Version::config).orElse(BotConfig.empty());
              tools.operatorTools().forEach(tool -> statuses.add(status(tenant, tool.name(), Optional.empty(), true,
                  live.toolEnabled(tool.name()) ? List.of("live") : List.of(), Optional.empty(),
                  tools.operatorBreaker().apply(tool.name()))));
              return bodies.response(StatusCodes.OK, new StatusesJson(tenant, tools.counts().since(), statuses));
            })
        .exceptionally(failure -> errors.response(Refusals.of(failure, "the configuration")));
  }

  private void collect(String tenant, BotConfig config, String stage, Map<String, OwnTool> own, Map<String, List<String>> in) {
    for (OwnTool tool : tools.own().own(tenant, config)) {
      own.putIfAbsent(tool.name(), tool);
      List<String> stages = in.computeIfAbsent(tool.name(), name -> new ArrayList<>());
      if (!stages.contains(stage)) stages.add(stage);
    }
  }

  private StatusJson status(String tenant, String name, Optional<String> server, boolean nodeWide, List<String> in,
      Optional<String> approval, String breaker) {
    ToolCallCounts.Counts counts = tools.counts().of(tenant, name);
    return new StatusJson(name, server, nodeWide, List.copyOf(in), approval, counts.calls(), counts.failures(),
        counts.lastCall(), counts.lastFailure(), tools.breakerState().apply(breaker));
  }
}
