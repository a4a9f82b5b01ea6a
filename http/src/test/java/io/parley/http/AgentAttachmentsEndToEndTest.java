package io.parley.http;

import static io.parley.http.AttachmentsEndToEndTest.send;
import static io.parley.http.AttachmentsEndToEndTest.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.testing.TestImages;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An agent sends files to the customer on a real node with its journal on PostgreSQL: uploaded to
 * the conversation the agent holds, carried by the agent's reply, they reach the customer's socket
 * after the message with their names, types, sizes and addresses; the customer reads them with
 * their own credential, nobody else does, and an id the conversation lacks is refused.
 */
class AgentAttachmentsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anAgentsPdfAndPhotoReachTheCustomerWhoAloneReadsThem() throws Exception {
    try (ParleyNode node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(), Map.of()))) {
      int port = node.httpPort();
      String user = "ada-" + UUID.randomUUID();
      String customer = "Bearer " + TestIdentity.customerToken("acme", Optional.of(user));
      String sessionId = JSON.readTree(send(port, "POST", "/v1/sessions", customer, "application/json",
          "{}".getBytes()).body()).get("sessionId").asText();
      try (ChatClient chat = ChatClient.connectAs(port, "acme", Optional.of(user));
          ChatClient agent = ChatClient.greetedAgent(port, "acme", "agent-dana", "Dana")) {
        chat.resume(sessionId, 0);
        agent.send(ChatClient.frame("take").put("sessionId", sessionId));
        assertEquals("agent", agent.expect("conversation").get("session").get("handoff").get("status").asText());
        assertEquals("agent", chat.next(f -> f.get("type").asText().equals("handoff")).get("status").asText());

        String dana = "Bearer " + TestIdentity.agentToken("acme", "agent-dana");
        byte[] label = AttachmentsEndToEndTest.pdf("Return label for order 1042");
        JsonNode pdf = AttachmentsEndToEndTest.uploaded(port, sessionId, dana, "return-label.pdf", label);
        JsonNode photo = AttachmentsEndToEndTest.uploaded(port, sessionId, dana, "where-to-stick-it.png", TestImages.png(64, 48));
        agent.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-1")
            .put("text", "Here is your return label, and where it goes on the parcel.")
            .set("attachments", JSON.createArrayNode().add(pdf.get("attachmentId").asText())
                .add(photo.get("attachmentId").asText())));
        long seq = agent.expect("ack").get("seq").asLong();

        JsonNode written = chat.next(f -> ChatClient.isMessage(f, "agent"));
        assertEquals(seq, written.get("seq").asLong());
        JsonNode shared = chat.expect("attachments");
        assertEquals(seq, shared.get("seq").asLong(), "the files follow the message that carries them");
        assertEquals(pdf, shared.get("attachments").get(0), "as the upload answered the agent: id, name, type, size, url");
        assertEquals(photo, shared.get("attachments").get(1));
        JsonNode seen = agent.expect("attachments");
        assertEquals(sessionId, seen.get("sessionId").asText(), "the agent's own console is told them too");

        HttpResponse<byte[]> read = send(port, "GET", pdf.get("url").asText(), customer, null, null);
        assertEquals(200, read.statusCode(), text(read));
        assertEquals("application/pdf", read.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(label, read.body(), "the customer reads what the agent sent");
        String anotherCustomer = "Bearer " + TestIdentity.customerToken("acme", Optional.of("grace-" + UUID.randomUUID()));
        String anotherTenant = "Bearer " + TestIdentity.customerToken("globex", Optional.of(user));
        for (String stranger : new String[] {anotherCustomer, anotherTenant}) {
          HttpResponse<byte[]> refused = send(port, "GET", pdf.get("url").asText(), stranger, null, null);
          assertEquals(404, refused.statusCode(), text(refused));
        }

        agent.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-2").put("text", "And this")
            .set("attachments", JSON.createArrayNode().add("att_" + "e".repeat(32))));
        JsonNode unknown = agent.expect("error");
        assertEquals("bad_request", unknown.get("code").asText());
        assertTrue(unknown.get("message").asText().startsWith("unknown attachment att_eee"), unknown.toString());
      }
      try (ChatClient later = ChatClient.connectAs(port, "acme", Optional.of(user))) {
        later.resume(sessionId, 0);
        assertEquals(2, later.expect("attachments").get("attachments").size(),
            "a tab opened later gets the agent's files with the replayed message");
      }
    }
  }
}
