package io.parley.http;

import static io.parley.core.testing.Awaiting.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** An operator's HTTP client for a node's management port, with or without the operator token. */
final class OpsClient {
  static final String TOKEN = "test-ops-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;
  private final Optional<String> token;

  private OpsClient(int port, Optional<String> token) {
    this.port = port;
    this.token = token;
  }

  static OpsClient withToken(int port) {
    return new OpsClient(port, Optional.of(TOKEN));
  }

  static OpsClient as(int port, Optional<String> token) {
    return new OpsClient(port, token);
  }

  /** The value of a sample ({@code name} with its labels, if any) in a /metrics text; 0 when it has none. */
  static double sample(String metrics, String name) {
    return metrics.lines().filter(line -> line.startsWith(name + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(name.length() + 1))).orElse(0.0);
  }

  /** Waits up to {@code within} for /metrics to show the speech-to-text engine loaded; {@code why} names the wait. */
  void awaitSpeechEngines(String why, Duration within) {
    await(why).atMost(within).until(() -> get("/metrics").body().lines()
        .anyMatch(line -> line.startsWith("parley_voice_engines{") && line.contains("kind=\"stt\"")));
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  /** A form PUT, as Pekko Management's member operations expect ({@code operation=Leave}). */
  HttpResponse<String> put(String path, String field, String value) {
    return send(request(path)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString(field + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
  }

  /** The body of a 200 answer as JSON; anything else fails the test with the answer shown. */
  JsonNode json(String path) {
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The {@code /cluster/members} answer once it lists {@code count} members and every one is Up;
   * fails after {@code limit} with the last answer.
   */
  JsonNode membersUp(int count, Duration limit) throws InterruptedException {
    return await(count + " members Up").atMost(limit).until(() -> json("/cluster/members"), members ->
        members.get("members").size() == count
            && StreamSupport.stream(members.get("members").spliterator(), false)
                .allMatch(member -> member.get("status").asText().equals("Up")));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10));
    // Without the operator token, a request to the main port goes as its tenant's admin.
    return token.map(t -> request.header("Authorization", "Bearer " + t)).orElseGet(() -> TestIdentity.authorized(request, path));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
