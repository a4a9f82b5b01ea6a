package io.parley.http;

import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.persistence.testing.TestH2;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A customer who sends too fast is told how long to wait, on the socket and over REST, and loses nothing stored. */
class RateLimitTest {
  @TempDir Path dataDir;

  @Test
  void tooManyMessagesGetRateLimitedWithTheTimeToWait() throws Exception {
    Map<String, Object> limits = Map.of("parley.session.messages-per-minute", 6, "parley.session.message-burst", 2);
    try (ParleyNode node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.empty(), limits))) {
      String sessionId;
      try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
        sessionId = client.startNew();
        assertEquals("ack", client.say("c-1", "first").get("type").asText());
        assertEquals("ack", client.say("c-2", "second").get("type").asText());
        JsonNode limited = client.say("c-3", "third");
        assertEquals("error", limited.get("type").asText());
        assertEquals("rate_limited", limited.get("code").asText());
        long retryAfter = limited.get("retryAfterMs").asLong();
        assertTrue(retryAfter > 0 && retryAfter <= 10_000, "6 per minute: within 10 s, got " + retryAfter);
        client.send(frame("ping"));
        client.expect("pong");
      }
      String messages = "/v1/sessions/" + sessionId + "/messages?tenant=acme";
      HttpResponse<String> rest = HttpClient.newHttpClient().send(TestIdentity.authorized(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + node.httpPort() + messages)), messages)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"clientMsgId\":\"r-1\",\"text\":\"fourth\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(429, rest.statusCode(), rest.body());
      assertTrue(Long.parseLong(rest.headers().firstValue("Retry-After").orElseThrow()) >= 1);
    }
  }

  @Test
  void aTenantsSessionsTogetherAreHeldToTheTenantsRateAndOtherTenantsGoOn() throws Exception {
    Map<String, Object> limits = Map.of("parley.session.tenant-messages-per-minute", 3);
    try (ParleyNode node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.empty(), limits));
        ChatClient first = ChatClient.connect(node.httpPort(), "acme");
        ChatClient second = ChatClient.connect(node.httpPort(), "acme");
        ChatClient other = ChatClient.connect(node.httpPort(), "globex")) {
      first.startNew();
      second.startNew();
      other.startNew();
      assertEquals("ack", first.say("a-1", "one").get("type").asText());
      assertEquals("ack", second.say("b-1", "two").get("type").asText());
      assertEquals("ack", first.say("a-2", "three").get("type").asText());
      JsonNode limited = second.say("b-2", "four");
      assertEquals("rate_limited", limited.get("code").asText(), "the tenant's fourth message in a minute, in another session");
      assertTrue(limited.get("retryAfterMs").asLong() > 0, limited.toString());
      assertEquals("ack", other.say("g-1", "another tenant").get("type").asText(), "another tenant is not held back");
    }
  }
}
