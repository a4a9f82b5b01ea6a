package io.parley.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpAsyncClient;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.SubscriptionEvent;
import io.modelcontextprotocol.spec.McpError;
import io.parley.core.bot.ListedMcpTool;
import io.parley.core.net.OutboundHttp;
import io.parley.tools.CallConsent;
import io.parley.tools.ConfirmationAsked;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A tenant's MCP server spoken to in MCP 2026-07-28: the SDK's stateless client on
 * {@link StatelessMcpTransport}. No session: each request carries the revision, the node's identity
 * and capabilities in its {@code _meta}. The server's tools are listed with {@code tools/list} and
 * called with {@code tools/call}; a call the server answers with {@code input_required} gets its
 * form answered by {@link FormAnswers} and is sent again, as the SDK's rounds do (at most its
 * default number of rounds); a confirmation or a form of values only a person can give ends the call with
 * {@link ConfirmationAsked}, for the session to ask the customer and call again with their reply. When the server says it tells of changes, a {@code subscriptions/listen}
 * stream for the tools' list stays open (opened again after a break), and each change lists the
 * tools again for {@code onListed}.
 */
final class StatelessMcp implements McpProtocol {
  static final String REVISION = "2026-07-28";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LISTEN_AGAIN_AFTER = Duration.ofSeconds(1);
  private static final Duration LISTEN_AGAIN_AT_MOST = Duration.ofSeconds(30);
  // The node's own timeout fails a request first, as the legacy client's does; the SDK's is the backstop.
  private static final Duration SDK_MARGIN = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(StatelessMcp.class);

  private final URI url;
  private final StatelessMcpTransport transport;
  private final McpAsyncClient client;
  private final Consumer<List<ListedMcpTool>> onListed;
  private volatile boolean hearing;
  private volatile Disposable listening;

  StatelessMcp(URI url, OutboundHttp http, McpCredentials credentials, int maxAnswerBytes,
      Consumer<List<ListedMcpTool>> onListed) {
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(JSON);
    this.url = url;
    this.onListed = onListed;
    this.transport = new StatelessMcpTransport(url, http, credentials, json, maxAnswerBytes);
    this.client = McpClient.async(transport)
        .clientInfo(McpSchema.Implementation.builder("parley", "1").title("Parley").build())
        .jsonMapper(json)
        .roundTimeout(McpProtocol.MAX_REQUEST.plus(SDK_MARGIN))
        .callTimeout(McpProtocol.MAX_REQUEST.plus(SDK_MARGIN))
        .build();
  }

  /**
   * Whether the server speaks this revision: its {@code server/discover} lists it. Any other answer
   * (a server of an earlier revision refuses the request) or none within {@code timeout} says it
   * does not. A server that says it tells of changes to its tools is then listened to.
   */
  boolean offered(Duration timeout) {
    McpSchema.DiscoverResult found;
    try {
      found = client.discover().timeout(timeout).block();
    } catch (RuntimeException e) {
      LOG.debug("MCP server {} did not answer server/discover as a 2026-07-28 server: {}", url.getHost(), e.toString());
      return false;
    }
    if (found == null || found.supportedVersions() == null || !found.supportedVersions().contains(REVISION)) return false;
    McpSchema.ServerCapabilities.Tools tools = found.capabilities() == null ? null : found.capabilities().tools();
    if (tools != null && Boolean.TRUE.equals(tools.listChanged())) listen();
    return true;
  }

  private void listen() {
    listening = client.listen().toolsChanged().events()
        .concatMap(event -> switch (event) {
          case SubscriptionEvent.Subscribed _ -> {
            hearing = true;
            yield Mono.empty();
          }
          case SubscriptionEvent.ToolsListChanged _ -> client.listTools().skipCache().list()
              .doOnNext(result -> onListed.accept(listed(result)))
              .onErrorResume(failed -> {
                LOG.warn("could not list the tools of MCP server {} again: {}", url.getHost(), failed.toString());
                return Mono.empty();
              });
          default -> Mono.empty();
        })
        .doFinally(signal -> hearing = false)
        // A stream the server ended, or that broke, is opened again.
        .repeatWhen(ended -> ended.delayElements(LISTEN_AGAIN_AFTER))
        .retryWhen(Retry.backoff(Long.MAX_VALUE, LISTEN_AGAIN_AFTER).maxBackoff(LISTEN_AGAIN_AT_MOST))
        .subscribe(ignored -> {}, failed -> LOG.debug("stopped listening to MCP server {}: {}", url.getHost(), failed.toString()));
  }

  @Override
  public boolean hearsServer() {
    return hearing;
  }

  @Override
  public List<ListedMcpTool> listTools(Duration timeout) {
    return listed(client.listTools().skipCache().roundTimeout(timeout).list().block());
  }

  @Override
  public io.modelcontextprotocol.spec.McpSchema.CallToolResult call(String tool, JsonNode arguments,
      CallConsent consent, Map<String, Object> meta, Duration timeout) {
    @SuppressWarnings("unchecked")
    Map<String, Object> values = JSON.convertValue(arguments, Map.class);
    FormAnswers answers = new FormAnswers(tool, arguments, consent);
    McpSchema.CallToolResult result;
    try {
      result = client.tool(tool).arguments(values).meta(meta)
          .roundTimeout(timeout.plus(SDK_MARGIN)).callTimeout(timeout.plus(SDK_MARGIN))
          .formElicitation(form -> switch (answers.answer(form)) {
            case FormAnswers.Reply.Given given -> Mono.just(given.result());
            case FormAnswers.Reply.Ask ask -> Mono.error(ask.question());
          })
          .call().timeout(timeout).block();
    } catch (McpException refused) {
      // The tools read the 2025 schema's error: the same code, message and data.
      throw new McpError(new io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError(
          refused.error().code(), refused.error().message(), refused.error().data()));
    } catch (RuntimeException failed) {
      // The SDK may wrap what the form's answer ended the call with.
      for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
        if (cause instanceof ConfirmationAsked asked) throw asked;
      }
      throw failed;
    }
    return JSON.convertValue(result, io.modelcontextprotocol.spec.McpSchema.CallToolResult.class);
  }

  private static List<ListedMcpTool> listed(McpSchema.ListToolsResult result) {
    return result.tools().stream()
        .map(tool -> ListedTools.of(JSON.convertValue(tool, io.modelcontextprotocol.spec.McpSchema.Tool.class)))
        .toList();
  }

  @Override
  public void close() {
    Disposable open = listening;
    if (open != null) open.dispose();
    transport.close();
  }
}
