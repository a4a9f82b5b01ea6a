package io.parley.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A tenant's MCP server of revision 2026-07-28 for a test class: the MCP TypeScript SDK v2's
 * ({@code @modelcontextprotocol/server}, pinned by http/src/test/mcp-typescript's package-lock.json,
 * server.mjs there) on loopback, started before the class's tests and stopped after them. What it
 * was sent is in its log, a line a request: its kind, then the request as JSON.
 */
final class TypeScriptMcpServer implements BeforeAllCallback, AfterAllCallback {
  private static final Path SOURCES = Path.of("src/test/mcp-typescript");
  private static final Path WORK = Path.of("target/mcp-typescript");
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    NodeTool.requireNodeAndNpm("run an MCP server of the TypeScript SDK");
    NodeTool.installPinned(SOURCES, WORK, List.of("package.json", "package-lock.json", "server.mjs"),
        "@modelcontextprotocol/server");
    server = NodeServer.start("the TypeScript SDK's server", WORK, List.of("node", "server.mjs"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    if (server != null) server.close();
  }

  int port() {
    return server.port();
  }

  /** What the server logged of each request of {@code kind} ({@code call}, {@code answer}), in order. */
  List<JsonNode> logged(String kind) throws IOException {
    String prefix = kind + " ";
    return Files.readAllLines(server.log()).stream().filter(line -> line.startsWith(prefix))
        .map(line -> read(line.substring(prefix.length()))).toList();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
