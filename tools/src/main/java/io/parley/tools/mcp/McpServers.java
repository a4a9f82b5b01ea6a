package io.parley.tools.mcp;

import io.parley.tools.CallConsent;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.parley.core.bot.ListedMcpTool;
import io.parley.core.bot.McpAuth;
import io.parley.core.bot.McpServerSetting;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.net.OutboundHttp;
import io.parley.tools.ConfirmationAsked;
import io.parley.tools.ResultLimit;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's connections to the tenants' MCP servers, one per tenant and server (name, URL and
 * credentials), made when first needed and kept while used, and what each server listed last.
 *
 * <p>A turn never waits for a listing: {@link #listing} answers from memory, and when this node has
 * not listed the server yet it lists it in the background (the turn offers what the server listed
 * when the configuration was saved); a server whose listing failed is not asked again for
 * {@link #RETRY_LISTING_AFTER}. A server is listed again when it says its list changed; one
 * that cannot say so (it offers no event stream of its own) is listed again every
 * {@link #RELIST_EVERY}. A connection unused for {@link #IDLE} is closed. Connecting, listing and the
 * servers' streams run on virtual threads of their own: a tenant's slow server holds none of the
 * node's pools.
 */
public final class McpServers implements AutoCloseable {
  public static final Duration RELIST_EVERY = Duration.ofMinutes(5);
  /** The {@code _meta} key of a {@code tools/call} that carries the call's idempotency key. */
  public static final String IDEMPOTENCY_META = "io.parley/idempotency-key";
  /** The {@code _meta} key of a {@code tools/call} that carries the call's span, as MCP 2026-07-28 names it. */
  public static final String TRACEPARENT_META = "traceparent";
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration RETRY_LISTING_AFTER = Duration.ofMinutes(1);
  private static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(McpServers.class);

  private record Key(String tenant, McpServerSetting.Address address) {}

  /** A connection and what its server listed last (empty until it did); {@code used}: its last call or listing. */
  private static final class Server {
    final McpServerConnection connection;
    volatile Optional<List<ListedMcpTool>> listed = Optional.empty();
    volatile Instant used;
    volatile Instant listedAt = Instant.MIN;

    Server(McpServerConnection connection, Instant now) {
      this.connection = connection;
      this.used = now;
    }
  }

  private final OutboundHttp http;
  private final TenantSecrets secrets;
  private final int maxAnswerBytes;
  private final Clock clock;
  private final Map<Key, Server> servers = new ConcurrentHashMap<>();
  private final Map<Key, Boolean> listing = new ConcurrentHashMap<>();
  // When a background listing last failed: a server that is down is not asked again by every turn.
  private final Map<Key, Instant> failed = new ConcurrentHashMap<>();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "parley-mcp-servers");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * The most the node reads of one answer of a server: room for a result of {@code limit}'s
   * characters, each escaped in JSON, and the message around it; at least a mebibyte, for long
   * lists of tools. A longer answer fails its request; a shorter result that is still too long is cut.
   */
  public static int answerBytes(ResultLimit limit) {
    return Math.max(1 << 20, limit.maxChars() * 8);
  }

  /** @param maxAnswerBytes the most the node reads of any one answer of a server */
  public McpServers(OutboundHttp http, TenantSecrets secrets, int maxAnswerBytes, Clock clock) {
    this.http = http;
    this.secrets = secrets;
    this.maxAnswerBytes = maxAnswerBytes;
    this.clock = clock;
    ticks.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.MINUTES);
  }

  /** What the server listed last on this node; empty until it did, and then it is listed in the background. */
  public Optional<List<ListedMcpTool>> listing(String tenant, McpServerSetting.Address address) {
    Key key = new Key(tenant, address);
    Server server = servers.get(key);
    if (server != null) server.used = clock.instant();
    if (server != null && server.listed.isPresent()) return server.listed;
    Instant lastFailure = failed.get(key);
    if (lastFailure != null && lastFailure.plus(RETRY_LISTING_AFTER).isAfter(clock.instant())) return Optional.empty();
    if (listing.putIfAbsent(key, true) == null) {
      background.execute(() -> {
        try {
          listNow(tenant, address);
          failed.remove(key);
        } catch (RuntimeException e) {
          failed.put(key, clock.instant());
          LOG.warn("could not list the tools of MCP server {} of tenant {}: {}", address.name(), tenant, e.toString());
        } finally {
          listing.remove(key);
        }
      });
    }
    return Optional.empty();
  }

  /** What the server listed last on this node, if it did; unlike {@link #listing}, asks nothing of the server. */
  public Optional<List<ListedMcpTool>> heard(String tenant, McpServerSetting.Address address) {
    Server server = servers.get(new Key(tenant, address));
    return server == null ? Optional.empty() : server.listed;
  }

  /** Lists the server's tools now (blocks, at most 10 s a page), connecting first if needed. */
  public List<ListedMcpTool> listNow(String tenant, McpServerSetting.Address address) {
    Key key = new Key(tenant, address);
    Server server = server(key);
    try {
      List<ListedMcpTool> tools = server.connection.listTools(LIST_TIMEOUT);
      heard(key, server, tools);
      return tools;
    } catch (RuntimeException e) {
      drop(key, server);
      throw e;
    }
  }

  /**
   * Calls {@code tool} on the server (blocks, at most {@code timeout}) with {@code idempotencyKey} and the
   * call's {@code traceparent} (W3C trace context, the key OpenTelemetry's MCP conventions name) in the
   * request's {@code _meta}; a connection that failed is made anew next time. {@code consent}: what a person gave
   * the call, which answers a confirmation or a form the server asks for during it; one nobody gave yet is
   * {@link ConfirmationAsked} (a {@link ConfirmationAsked.FormAsked} for a form of values).
   */
  public McpSchema.CallToolResult call(String tenant, McpServerSetting.Address address, String tool, JsonNode arguments,
      CallConsent consent, String idempotencyKey, Optional<String> traceparent, Duration timeout) {
    Key key = new Key(tenant, address);
    Server server = server(key);
    server.used = clock.instant();
    Map<String, Object> meta = new HashMap<>(Map.of(IDEMPOTENCY_META, idempotencyKey));
    traceparent.ifPresent(value -> meta.put(TRACEPARENT_META, value));
    try {
      return server.connection.call(tool, arguments, consent, meta, timeout);
    } catch (io.modelcontextprotocol.spec.McpError | ConfirmationAsked answered) {
      // The server answered: the connection is fine.
      throw answered;
    } catch (RuntimeException e) {
      drop(key, server);
      throw e;
    }
  }

  private Server server(Key key) {
    return servers.computeIfAbsent(key, k -> new Server(connect(k), clock.instant()));
  }

  private McpServerConnection connect(Key key) {
    McpServerSetting.Address address = key.address();
    McpCredentials credentials = address.auth().map(auth -> credentials(key.tenant(), auth)).orElse(McpCredentials.none());
    McpServerConnection[] made = new McpServerConnection[1];
    made[0] = new McpServerConnection(URI.create(address.url()), http, credentials, maxAnswerBytes, LIST_TIMEOUT,
        tools -> {
          Server server = servers.get(key);
          if (server != null && server.connection == made[0]) heard(key, server, tools);
        });
    return made[0];
  }

  private McpCredentials credentials(String tenant, McpAuth auth) {
    return switch (auth) {
      case McpAuth.Bearer bearer -> McpCredentials.bearer(secrets.openText(tenant, bearer.token()));
      case McpAuth.OAuth oauth -> McpCredentials.clientCredentials(URI.create(oauth.tokenUrl()), oauth.clientId(),
          secrets.openText(tenant, oauth.clientSecret()), oauth.scope(), http, clock);
    };
  }

  private void heard(Key key, Server server, List<ListedMcpTool> tools) {
    if (!server.listed.equals(Optional.of(tools)) && server.listed.isPresent()) {
      LOG.info("MCP server {} of tenant {} lists {} tools now", key.address().name(), key.tenant(), tools.size());
    }
    server.listed = Optional.of(List.copyOf(tools));
    server.listedAt = clock.instant();
  }

  private void drop(Key key, Server server) {
    if (servers.remove(key, server)) server.connection.close();
  }

  /** Closes idle connections and lists again the servers that cannot tell of a change. */
  private void tick() {
    Instant now = clock.instant();
    servers.forEach((key, server) -> {
      if (server.used.plus(IDLE).isBefore(now)) {
        drop(key, server);
      } else if (!server.connection.hearsServer() && server.listedAt.plus(RELIST_EVERY).isBefore(now)) {
        background.execute(() -> {
          try {
            listNow(key.tenant(), key.address());
          } catch (RuntimeException e) {
            LOG.warn("could not list the tools of MCP server {} of tenant {} again: {}", key.address().name(),
                key.tenant(), e.toString());
          }
        });
      }
    });
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    servers.values().forEach(server -> server.connection.close());
    servers.clear();
    background.shutdownNow();
  }
}
