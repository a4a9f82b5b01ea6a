package io.parley.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/** A company's web site on this machine: HTML pages on a loopback port of their own, another origin than the node's. */
final class TestSite {
  private TestSite() {}

  /** Serves each page's HTML as it is at the time of each request. */
  static HttpServer serve(Map<String, Supplier<String>> pages) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      pages.forEach((path, html) -> server.createContext(path, exchange -> {
        byte[] body = html.get().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
          out.write(body);
        }
      }));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
