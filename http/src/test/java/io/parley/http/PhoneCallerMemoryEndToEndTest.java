package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.call.DialledNumber;
import io.parley.core.call.PhoneUsers;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.memory.PinnedFact;
import io.parley.core.memory.SessionMemory;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.memory.JdbcUserMemory;
import io.parley.persistence.testing.TestPostgres;
import io.parley.voice.testing.TestSpeech;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A caller an earlier version remembered under the plain hash of their number calls a node of this
 * version, over SIP and RTP on loopback: their session's user id is their number keyed for the
 * tenant, and the bot's turn is sent the memory of their earlier call, found under that id.
 */
@RealTime
class PhoneCallerMemoryEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant EARLIER = Instant.parse("2026-10-01T10:15:30Z");

  @Test
  void aCallerRememberedUnderThePlainHashOfTheirNumberIsRememberedWhenTheyCallAgain() throws Exception {
    DatabaseSettings databaseSettings = TestPostgres.newDatabase();
    String plain = PhoneUsers.plainUserId(TestIdentity.DEFAULT_TENANT, DialledNumber.normalized(TestPhone.CALLER));
    try (Database database = Database.open(databaseSettings)) {
      new JdbcUserMemory(database.dataSource(), new MiniLmEmbeddingModel().load()).remember(new SessionMemory(
          TestIdentity.DEFAULT_TENANT, plain, "s-earlier", EARLIER,
          "The courier lost the caller's parcel of order 1042; an investigation with the courier was opened.",
          List.of(new PinnedFact("order_number", "1042", 2, EARLIER))));
    }
    PhonePorts ports = PhonePorts.take(200);
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> "Let me look into that for you.");
        ParleyNode node = ParleyNode.start(TestNode.config(databaseSettings, Optional.of(model.baseUrl()),
            ports.settingsWith(Map.of("parley.data-dir", Files.createTempDirectory("parley-phone").toString(),
                "parley.answer-cache.enabled", false))));
        TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = phone.answeredCall(ports.sip());
      short[] question = TestSpeech.say("Where is my parcel?", 8_000);
      phone.speak(Arrays.copyOf(question, question.length + 8_000));
      JsonNode session = PhoneEndToEndTest.awaitSession(node.httpPort(), sessionId,
          view -> view.get("messages").size() >= 3);

      String userId = session.get("userId").asText();
      assertFalse(PhoneUsers.plain(userId) || userId.equals(plain), "keyed, not the plain hash: " + userId);
      assertTrue(model.requests().stream().flatMap(request -> request.messages().stream())
              .anyMatch(message -> message.content() != null && message.content().contains("order 1042")),
          "the bot's turn was sent the caller's earlier memory");
      HttpResponse<String> memory = TestIdentity.asAdmin(node.httpPort(), "GET",
          "/v1/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "/memory", null);
      assertEquals(200, memory.statusCode(), memory.body());
      assertTrue(JSON.readTree(memory.body()).toString().contains("order 1042"), memory.body());
      phone.hangUp();
    }
  }
}
