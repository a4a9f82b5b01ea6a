package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call the bot places is held by the node that dialled it (its SIP dialog and RTP are there), in
 * a cluster of two nodes in one JVM, each with its own SIP port, sipp playing a phone that rings
 * until it is cancelled: {@code DELETE /v1/calls/{id}} taken by the other node reaches the dialling
 * node through the cluster, which sends the CANCEL; and a node that stops cancels the calls it
 * placed that ring still, rather than leaving the phone ringing for a node that is gone.
 */
@RealTime
class OutboundCallClusterTest {
  @AutoClose private final FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> "Hello.");
  private Sipp.Phone sipp;

  @AfterEach
  void stopSipp() {
    if (sipp != null) sipp.process().destroy();
  }

  @Test
  void aCancelTakenByAnotherNodeIsSentByTheNodeThatDialled(@TempDir Path work) throws Exception {
    try (InJvmCluster nodes = cluster()) {
      ParleyNode dialling = nodes.get(0);
      ParleyNode asked = nodes.get(1);
      String id = ringing(work, dialling);
      // The dialling node's call directory reaches the other node's receptionist by gossip, within a moment of the
      // cluster forming: until then the node asked answers 409 (nobody it knows dials the call), and a client asks again.
      HttpResponse<String> cancelled = await("the cancel taken by the node that did not dial").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> TestIdentity.asAdmin(asked.httpPort(), "DELETE", "/v1/calls/" + id, null), answer -> answer.statusCode() != 409);
      assertEquals(202, cancelled.statusCode(), "the node that did not dial it has it cancelled: " + cancelled.body());
      JsonNode ended = PlacedCalls.awaitCall(asked.httpPort(), id, call -> call.get("state").asText().equals("ended"));
      assertEquals("cancelled", ended.get("outcome").asText(), ended.toString());
      Sipp.Run run = sipp.finished();
      assertEquals(0, run.exitCode(), "the phone got the CANCEL and had its 487 acknowledged:\n" + run.output());
      HttpResponse<String> again = TestIdentity.asAdmin(asked.httpPort(), "DELETE", "/v1/calls/" + id, null);
      assertEquals(409, again.statusCode(), "an ended call is cancelled no more: " + again.body());
    }
  }

  @Test
  void aStoppingNodeCancelsTheCallsItPlacedThatRingStill(@TempDir Path work) throws Exception {
    InJvmCluster nodes = cluster();
    ParleyNode dialling = nodes.get(0);
    ParleyNode staying = nodes.get(1);
    try {
      String id = ringing(work, dialling);

      dialling.close();
      Sipp.Run run = sipp.finished();
      assertEquals(0, run.exitCode(), "the stopping node sent the phone a CANCEL:\n" + run.output());
      JsonNode ended = PlacedCalls.awaitCall(staying.httpPort(), id, call -> call.get("state").asText().equals("ended"));
      assertEquals("cancelled", ended.get("outcome").asText(), "recorded before the node stopped: " + ended);
    } finally {
      staying.close();
    }
  }

  /** Two nodes of one database, each with telephony on ports of its own; a ring timeout far beyond the test. */
  private InJvmCluster cluster() throws Exception {
    List<PhonePorts> ports = List.of(PhonePorts.take(20), PhonePorts.take(20));
    AtomicInteger started = new AtomicInteger();
    return TestNode.cluster(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), 2, config ->
        ParleyNode.start(ConfigFactory.parseMap(ports.get(started.getAndIncrement() % 2).settingsWith(Map.of(
            "parley.sip.outbound.ring-timeout", "60s", "parley.outbound.allowed-networks", "127.0.0.0/8")))
            .withFallback(config)));
  }

  /** A call placed by {@code node} to sipp, which rings until it is cancelled; its id once it rings. */
  private String ringing(Path work, ParleyNode node) throws Exception {
    int port = LoopbackPorts.port();
    sipp = PlacedCalls.answering(work, "parley_uas_no_answer.xml", port, sipPort(node));
    HttpResponse<String> trunk = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/calls/trunk",
        "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"callerId\":\"+4930111222\"}");
    assertEquals(200, trunk.statusCode(), trunk.body());
    HttpResponse<String> placed = TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/calls", "{\"to\":\"+4915112345678\"}");
    assertEquals(201, placed.statusCode(), placed.body());
    String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(placed.body()).get("id").asText();
    PlacedCalls.awaitCall(node.httpPort(), id, call -> call.get("state").asText().equals("ringing"));
    return id;
  }

  private static int sipPort(ParleyNode node) {
    return node.system().settings().config().getInt("parley.sip.port");
  }
}
