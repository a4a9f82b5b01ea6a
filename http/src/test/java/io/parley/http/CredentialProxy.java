package io.parley.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A loopback proxy that sends every request on to a node with an {@code Authorization} header added,
 * for clients that take a URL and no header (the MCP conformance suite's): REST refuses credentials
 * in the URL. Every other header, the method, the path and the body go through as they came, the
 * client's {@code Host} included (surefire allows the JDK's client to send it:
 * {@code jdk.httpclient.allowRestrictedHeaders}), so that a check of {@code Host} and {@code Origin}
 * sees what the client sent.
 */
final class CredentialProxy implements AutoCloseable {
  // Headers the JDK's client sets itself, and hop-by-hop ones.
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "keep-alive");
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  private CredentialProxy(HttpServer server) {
    this.server = server;
  }

  /** Listens on a free loopback port; each request goes to {@code target} with {@code authorization}. */
  static CredentialProxy to(URI target, String authorization) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    CredentialProxy proxy = new CredentialProxy(server);
    server.createContext("/", exchange -> proxy.forward(exchange, target, authorization));
    server.start();
    return proxy;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void forward(HttpExchange exchange, URI target, String authorization) throws IOException {
    try (exchange) {
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()))
          .header("Authorization", authorization);
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        if (NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) continue;
        for (String value : header.getValue()) request.header(header.getKey(), value);
      }
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response.headers().map().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("host") && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
