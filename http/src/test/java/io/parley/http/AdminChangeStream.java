package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** An open {@code GET /v1/admin/changes} of a node, read event by event as the admin console reads it. */
final class AdminChangeStream implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private final InputStream body;
  private final BufferedReader lines;

  private AdminChangeStream(InputStream body) {
    this.body = body;
    this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
  }

  /** The stream of {@code node} as the admin of {@code tenant}, once the node answered 200. */
  static AdminChangeStream open(ParleyNode node, String tenant) throws Exception {
    HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/admin/changes"))
        .header("Authorization", "Bearer " + TestIdentity.adminKey(tenant)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
    return new AdminChangeStream(response.body());
  }

  /** The stream of {@code node} as the admin of {@code tenant}, once its first event, {@code ready}, came. */
  static AdminChangeStream ready(ParleyNode node, String tenant) throws Exception {
    AdminChangeStream stream = open(node, tenant);
    assertEquals("ready", stream.next());
    return stream;
  }

  /** The name of the next event (heartbeats skipped), failing the test when none comes within a few seconds. */
  String next() {
    return assertTimeoutPreemptively(DEADLINE, () -> {
      String name = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("event:")) name = line.substring("event:".length()).strip();
        if (line.isEmpty() && name != null) return name;
      }
      throw new AssertionError("the stream ended");
    }, "no event within " + DEADLINE);
  }

  /** Fails unless the node ends the stream within {@code within}. */
  void ends(Duration within) {
    assertTimeoutPreemptively(within, () -> {
      while (lines.readLine() != null) {
        // heartbeats and changes until the end
      }
    }, "the stream still open after " + within);
  }

  @Override
  public void close() throws Exception {
    body.close();
  }
}
