package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static io.parley.http.PhoneEndToEndTest.freeLoopbackPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with a SIP tool nobody here wrote: sipp (Debian package {@code sip-tester})
 * runs a standard UAC scenario with RTP from its own pcaps against a node on loopback, and the
 * call must succeed by sipp's account (exit 0) and by the node's (a {@code phone} session, the
 * key 0 asking for a person, closed and archived when sipp hung up). Fails, never skips, without sipp.
 */
@RealTime
class SippInteropTest {
  private static final Path SIPP_PCAPS = Path.of("/usr/share/sip-tester");
  private static final Pattern SESSION = Pattern.compile("X-Parley-Session: *(\\S+)");
  private FakeChatCompletionsServer model;
  private ParleyNode node;
  private int sipPort;

  @BeforeEach
  void start() throws Exception {
    model = FakeChatCompletionsServer.start(request -> "Your ticket is open.");
    sipPort = freeLoopbackPort();
    node = TestPhoneNode.start(model.baseUrl(), sipPort, Map.of());
  }

  @AfterEach
  void stop() {
    node.close();
    model.close();
  }

  @Test
  void sippCallsSpeaksPressesZeroAndHangsUpAndTheNodeKeepsThePhoneSession(@TempDir Path work) throws Exception {
    Files.createDirectories(work.resolve("pcap"));
    for (String pcap : List.of("g711a.pcap", "dtmf_2833_0.pcap")) {
      assertTrue(Files.isReadable(SIPP_PCAPS.resolve(pcap)),
          "sipp's pcaps are missing (" + SIPP_PCAPS + "): install the Debian package sip-tester");
      Files.copy(SIPP_PCAPS.resolve(pcap), work.resolve("pcap").resolve(pcap));
    }
    Path log = work.resolve("sipp-log.txt");
    Sipp.Run call = Sipp.call(work, "parley_uac.xml", sipPort, "support",
        List.of("-trace_logs", "-log_file", log.toString()));
    assertEquals(0, call.exitCode(), "sipp counts the call successful:\n" + call.output());

    Matcher session = SESSION.matcher(Sipp.read(log));
    assertTrue(session.find(), "the 200 OK carried X-Parley-Session:\n" + Sipp.read(log));
    JsonNode closed = awaitSession(node.httpPort(), session.group(1), view -> view.get("status").asText().equals("archived"));
    assertEquals("phone", closed.get("channel").asText());
    assertEquals("caller hung up", closed.get("closeReason").asText());
    // No agent is online in this test: asking for a person is answered with that notice.
    assertTrue(closed.get("messages").findValuesAsText("turnId").stream().anyMatch(id -> id.startsWith("notice-no_agent_online")),
        "sipp's RFC 2833 key 0 asked for a person: " + closed);
  }
}
