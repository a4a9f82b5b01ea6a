package io.parley.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackHttpServersTest {
  @Test
  void answersBackToBackRequestsWithoutWaitingForDelayedAcknowledgements() throws Exception {
    HttpServer server = LoopbackHttpServers.create();
    server.createContext("/", exchange -> {
      byte[] body = "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, body.length); // one write for the headers, one for the body
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        long start = System.nanoTime();
        assertEquals(200, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        millis.add((System.nanoTime() - start) / 1_000_000);
      }
      // With Nagle's algorithm on, nearly every answer waits 40 ms for the client's acknowledgement.
      List<Long> warm = new ArrayList<>(millis.subList(10, millis.size()));
      Collections.sort(warm);
      assertTrue(warm.get(warm.size() / 2) < 20, "median " + warm.get(warm.size() / 2) + " ms of " + millis);
    } finally {
      server.stop(0);
    }
  }
}
