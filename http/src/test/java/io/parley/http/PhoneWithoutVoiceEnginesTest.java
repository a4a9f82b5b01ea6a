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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    try (DatagramSocket caller = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      caller.setSoTimeout(10_000);
      byte[] invite = invite(caller.getLocalPort()).getBytes(StandardCharsets.UTF_8);
      caller.send(new DatagramPacket(invite, invite.length, new InetSocketAddress("127.0.0.1", calls.line().sipPort())));
      List<String> statuses = new ArrayList<>();
      String last;
      do {
        DatagramPacket packet = new DatagramPacket(new byte[8192], 8192);
        caller.receive(packet);
        last = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        statuses.add(last.substring("SIP/2.0 ".length(), "SIP/2.0 ".length() + 3));
      } while (statuses.getLast().startsWith("1"));

      // A 180 would mean its session had started: the caller would wait for an answer that never comes.
      assertEquals(List.of("100", "503"), statuses, "refused before it rang: " + last);
      assertTrue(last.lines().anyMatch(line -> line.startsWith("Retry-After: ")), last);
    }
    assertEquals(1, OpsClient.sample(ops.get("/metrics").body(),
        "parley_phone_calls_total{cause=\"failed\",tenant=\"" + TestIdentity.DEFAULT_TENANT + "\"}"),
        "counted as a call the node could not take");
  }

  private static String invite(int callerPort) {
    String offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        + "m=audio " + (callerPort + 2) + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    return "INVITE sip:+4930999000@127.0.0.1 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + callerPort + ";branch=z9hG4bK-" + UUID.randomUUID() + "\r\n"
        + "Max-Forwards: 70\r\nFrom: <sip:+4915100000001@127.0.0.1>;tag=caller\r\nTo: <sip:+4930999000@127.0.0.1>\r\n"
        + "Call-ID: " + UUID.randomUUID() + "\r\nCSeq: 1 INVITE\r\nContact: <sip:caller@127.0.0.1:" + callerPort + ">\r\n"
        + "Content-Type: application/sdp\r\nContent-Length: " + offer.length() + "\r\n\r\n" + offer;
  }
}
