package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.testing.Awaiting;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node whose voice engines could not be loaded (here: a Vosk model directory that is not there)
 * places no call: the API refuses it at once, saying so without the node's paths, and no INVITE
 * leaves the node; operators see it on {@code /metrics}. Otherwise the callee would answer to
 * silence and be hung up on. A call coming in is refused before it rings, with a Retry-After that
 * sends the trunk to another node, and starts no session. Its campaigns' dialler is DiallerTest's.
 */
class PhoneWithoutVoiceEnginesTest {
  private static final String MISSING_MODEL = "parley-no-vosk-model-" + UUID.randomUUID();

  @RegisterExtension
  static final PlacingLine calls = new PlacingLine("calls-secret", "Nobody hears this.", Map.of(
      "parley.voice.warm-up", true,
      "parley.voice.stt.model-dir", Path.of(System.getProperty("java.io.tmpdir"), MISSING_MODEL).toString()));

  @BeforeEach
  void enginesHaveFailed() {
    OpsClient ops = OpsClient.withToken(calls.line().node().httpPort());
    Awaiting.await("parley_voice_engines_unavailable 1 on /metrics").atMost(Duration.ofMinutes(1))
        .until(() -> OpsClient.sample(ops.get("/metrics").body(), "parley_voice_engines_unavailable") == 1);
  }

  @Test
  void aCallIsRefusedUpFrontWithWhyAndNothingRings() throws Exception {
    int httpPort = calls.line().node().httpPort();

    try (DatagramSocket trunk = new DatagramSocket(new InetSocketAddress("127.0.0.1", LoopbackPorts.port()))) {
      HttpResponse<String> saved = TestIdentity.asAdmin(httpPort, "PUT", "/v1/calls/trunk",
          "{\"host\":\"127.0.0.1\",\"port\":" + trunk.getLocalPort() + ",\"callerId\":\"+4930111222\"}");
      assertEquals(200, saved.statusCode(), saved.body());

      HttpResponse<String> refused = TestIdentity.asAdmin(httpPort, "POST", "/v1/calls", "{\"to\":\"+4915112345678\"}");
      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("voice engines could not be loaded"), refused.body());
      assertFalse(refused.body().contains(MISSING_MODEL), "none of the node's paths: " + refused.body());

      trunk.setSoTimeout(1_000);
      assertThrows(SocketTimeoutException.class, () -> trunk.receive(new DatagramPacket(new byte[4096], 4096)),
          "no INVITE reached the trunk");
    }
  }

  @Test
  void aCallerIsRefusedBeforeItRingsAndToldToTryAgainElsewhere() throws Exception {
    OpsClient ops = OpsClient.withToken(calls.line().node().httpPort());
    try (RawSipCaller caller = new RawSipCaller(calls.line().sipPort())) {
      RawSipCaller.Reply refused = caller.invite("+4930999000", List.of());
      // A 180 would mean its session had started: the caller would wait for an answer that never comes.
      assertEquals(List.of(100, 503), caller.inviteStatuses(), "refused before it rang: " + refused.text());
      assertTrue(refused.header("Retry-After").isPresent(), refused.text());
    }
    assertEquals(1, OpsClient.sample(ops.get("/metrics").body(),
        "parley_phone_calls_total{cause=\"failed\",tenant=\"" + TestIdentity.DEFAULT_TENANT + "\"}"),
        "counted as a call the node could not take");
  }
}
