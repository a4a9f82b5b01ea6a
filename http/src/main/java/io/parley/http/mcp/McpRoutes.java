package io.parley.http.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.parley.core.identity.Caller;
import io.parley.http.auth.Audit;
import io.parley.http.auth.BrowserOrigins;
import io.parley.http.auth.Callers;
import io.parley.http.rest.staff.StaffReads;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;

/**
 * {@code POST /v1/mcp}: Parley as an MCP server (Model Context Protocol, the streamable HTTP transport, stateless) for
 * a tenant's staff, with the tools of {@link StaffTools} (docs/tools.md, "Parley as an MCP server"), in revision
 * 2026-07-28 ({@link StatelessMcpEndpoint}) and in 2025-06-18 and 2025-11-25 ({@link McpTransport}), chosen per
 * request by its {@code MCP-Protocol-Version}. The caller is the
 * request's credential, as on every REST route; one that may call no tool (a customer, an anonymous caller) is
 * refused with 403, and so is a browser page the tenant does not allow, by the rule that keeps out a page whose name
 * was rebound to the node ({@code OriginPolicy#allowsWithoutRebinding}). An {@code MCP-Protocol-Version} the server
 * does not speak is a 400 that lists those it does. The server keeps no session and sends nothing unasked, so {@code GET} (the stream of
 * server messages) and {@code DELETE} (a session's end) are 405.
 */
public final class McpRoutes extends AllDirectives {
  private final McpTransport transport;
  private final StatelessMcpEndpoint stateless;
  private final StaffTools tools;
  private final Callers callers;
  private final BrowserOrigins origins;

  private McpRoutes(McpTransport transport, StatelessMcpEndpoint stateless, StaffTools tools, Callers callers,
      BrowserOrigins origins) {
    this.transport = transport;
    this.stateless = stateless;
    this.tools = tools;
    this.callers = callers;
    this.origins = origins;
  }

  /**
   * The MCP server over {@code reads}; {@code materializer} reads the routes' answers, {@code origins} says which
   * pages a tenant allows.
   */
  public static McpRoutes of(StaffReads reads, Callers callers, BrowserOrigins origins, Materializer materializer) {
    ObjectMapper json = new ObjectMapper();
    ToolArguments arguments = ToolArguments.fromOpenApi(json);
    StaffTools tools = new StaffTools(StaffTools.over(reads), arguments, new ToolResults(json, materializer), callers.audit());
    McpTransport transport = McpTransport.serving(tools, arguments.version(), json);
    return new McpRoutes(transport,
        StatelessMcpEndpoint.serving(tools, arguments.version(), json, transport.protocolVersions()), tools, callers,
        origins);
  }

  public Route route() {
    return path(PathMatchers.segment("v1").slash("mcp"), () -> concat(
        post(() -> callers.caller(caller -> fromAllowedPage(caller, () -> staff(caller, () -> extractRequest(request ->
            spoken(request, () -> message(caller, request))))))),
        complete(HttpResponse.create().withStatus(StatusCodes.METHOD_NOT_ALLOWED)
            .addHeader(Allow.create(HttpMethods.POST)))));
  }

  /** A browser page's request only from a page the caller's tenant allows, never from one rebound to the node. */
  private Route fromAllowedPage(Caller caller, Supplier<Route> inner) {
    return optionalHeaderValueByName("Origin", origin -> extractHost(host -> extractRequest(request -> {
      String authority = request.getHeader("Host").map(HttpHeader::value).orElse(host);
      return origins.of(caller.tenant()).allowsWithoutRebinding(origin, authority) ? inner.get()
          : callers.forbidden(caller, "mcp.connect", "this page's origin may not use the MCP server of tenant "
              + caller.tenant() + "; see PARLEY_ALLOWED_ORIGINS and the tenant's allowedOrigins");
    })));
  }

  private Route staff(Caller caller, Supplier<Route> inner) {
    return tools.anyFor(caller) ? inner.get() : callers.forbidden(caller, "mcp.connect",
        "this credential may call none of the MCP server's tools: they are for the tenant's agents and admins");
  }

  /** A request the server can read: a JSON body, a JSON answer accepted. */
  private Route spoken(HttpRequest request, Supplier<Route> inner) {
    if (!request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      return complete(transport.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, McpSchema.ErrorCodes.INVALID_REQUEST,
          "the body must be a JSON-RPC message, Content-Type: application/json"));
    }
    boolean acceptsJson = request.getHeader(Accept.class)
        .map(accept -> StreamSupport.stream(accept.getMediaRanges().spliterator(), false)
            .anyMatch(range -> range.matches(MediaTypes.APPLICATION_JSON)))
        .orElse(true);
    return acceptsJson ? inner.get() : complete(transport.error(StatusCodes.NOT_ACCEPTABLE, McpSchema.ErrorCodes.INVALID_REQUEST,
        "every answer is application/json, which the Accept header leaves out"));
  }

  /**
   * The message answered in the revision its {@code MCP-Protocol-Version} names: 2026-07-28 by the stateless server,
   * an earlier one (or none: an {@code initialize}, a client older than the header) by the 2025 server; a version
   * neither speaks gets the 2026 revision's {@code UnsupportedProtocolVersionError}, which lists those they do.
   */
  private Route message(Caller caller, HttpRequest request) {
    Optional<String> version = request.getHeader(HttpHeaders.PROTOCOL_VERSION).map(HttpHeader::value);
    ToolCaller from = new ToolCaller(caller, Audit.requestId(request));
    return entity(Unmarshaller.entityToString(), body -> {
      if (version.isEmpty() || transport.protocolVersions().contains(version.get())) {
        return completeWithFuture(transport.answer(from.context(), body));
      }
      if (version.get().equals(StatelessMcpEndpoint.REVISION)) return completeWithFuture(stateless.answer(from, request, body));
      return complete(stateless.unsupported(version.get(), body));
    });
  }
}
