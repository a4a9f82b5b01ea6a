package io.parley.tools.mcp;

import io.parley.tools.CallConsent;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportException;
import io.parley.core.bot.ListedMcpTool;
import io.parley.core.net.OutboundHttp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's connection to one MCP server for one tenant, in the newest revision both speak
 * (docs/tools.md, "Protocol revisions"). On first use it asks the server {@code server/discover}: a
 * server that lists 2026-07-28 is spoken to statelessly ({@link StatelessMcp}); any other answer, or
 * none within the initialization timeout, marks a server of an earlier revision, which gets the
 * {@code initialize} handshake ({@link InitializedMcp}). The revision found holds while the connection
 * does; a connection that fails is made anew, and asks again.
 */
final class McpServerConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(McpServerConnection.class);

  private final URI url;
  private final OutboundHttp http;
  private final McpCredentials credentials;
  private final int maxAnswerBytes;
  private final Duration initializationTimeout;
  private final Consumer<List<ListedMcpTool>> onListed;
  private volatile McpProtocol protocol;
  private volatile boolean closed;

  McpServerConnection(URI url, OutboundHttp http, McpCredentials credentials, int maxAnswerBytes,
      Duration initializationTimeout, Consumer<List<ListedMcpTool>> onListed) {
    this.url = url;
    this.http = http;
    this.credentials = credentials;
    this.maxAnswerBytes = maxAnswerBytes;
    this.initializationTimeout = initializationTimeout;
    this.onListed = onListed;
  }

  private synchronized McpProtocol protocol() {
    if (closed) throw new McpTransportException("the connection to the MCP server is closed");
    if (protocol == null) {
      StatelessMcp stateless = new StatelessMcp(url, http, credentials, maxAnswerBytes, onListed);
      if (stateless.offered(initializationTimeout)) {
        protocol = stateless;
      } else {
        stateless.close();
        protocol = new InitializedMcp(url, http, credentials, maxAnswerBytes, initializationTimeout, onListed);
      }
      LOG.info("MCP server {} is spoken to {}", url.getHost(),
          protocol instanceof StatelessMcp ? "in MCP " + StatelessMcp.REVISION : "with the initialize handshake");
    }
    return protocol;
  }

  /** Whether the server tells of a changed list itself; otherwise the caller lists it again now and then. */
  boolean hearsServer() {
    McpProtocol spoken = protocol;
    return spoken != null && spoken.hearsServer();
  }

  /** Every tool the server lists, within {@code timeout} a request. */
  List<ListedMcpTool> listTools(Duration timeout) {
    return protocol().listTools(timeout);
  }

  McpSchema.CallToolResult call(String tool, JsonNode arguments, CallConsent consent, Map<String, Object> meta,
      Duration timeout) {
    return protocol().call(tool, arguments, consent, meta, timeout);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (protocol != null) protocol.close();
  }
}
