package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static io.parley.http.PhoneEndToEndTest.freeLoopbackPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    Path scenario = work.resolve("parley_uac.xml");
    try (InputStream in = SippInteropTest.class.getResourceAsStream("/sipp/parley_uac.xml")) {
      Files.copy(in, scenario);
    }
    Files.createDirectories(work.resolve("pcap"));
    for (String pcap : List.of("g711a.pcap", "dtmf_2833_0.pcap")) {
      assertTrue(Files.isReadable(SIPP_PCAPS.resolve(pcap)),
          "sipp's pcaps are missing (" + SIPP_PCAPS + "): install the Debian package sip-tester");
      Files.copy(SIPP_PCAPS.resolve(pcap), work.resolve("pcap").resolve(pcap));
    }
    Path log = work.resolve("sipp-log.txt");
    Path screen = work.resolve("sipp-screen.txt");
    ProcessBuilder sipp = new ProcessBuilder("sipp", "-sf", scenario.toString(), "127.0.0.1:" + sipPort,
        "-s", "support", "-m", "1", "-i", "127.0.0.1", "-p", String.valueOf(freeLoopbackPort()),
        "-mp", String.valueOf(freeLoopbackPort() & ~1), "-nostdin", "-timeout", "90s", "-timeout_error",
        "-trace_logs", "-log_file", log.toString(), "-trace_err", "-error_file", work.resolve("sipp-errors.txt").toString())
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(screen.toFile());
    Process call;
    try {
      call = sipp.start();
    } catch (IOException missing) {
      throw new AssertionError("sipp is missing: install the Debian package sip-tester (apt-get install -y sip-tester); "
          + "CI's .ci/run does", missing);
    }
    assertTrue(call.waitFor(120, TimeUnit.SECONDS), "sipp did not finish in time");
    String seen = read(screen) + read(work.resolve("sipp-errors.txt"));
    assertEquals(0, call.exitValue(), "sipp counts the call successful:\n" + seen);

    Matcher session = SESSION.matcher(read(log));
    assertTrue(session.find(), "the 200 OK carried X-Parley-Session:\n" + read(log));
    JsonNode closed = awaitSession(node.httpPort(), session.group(1), view -> view.get("status").asText().equals("archived"));
    assertEquals("phone", closed.get("channel").asText());
    assertEquals("caller hung up", closed.get("closeReason").asText());
    // No agent is online in this test: asking for a person is answered with that notice.
    assertTrue(closed.get("messages").findValuesAsText("turnId").stream().anyMatch(id -> id.startsWith("notice-no_agent_online")),
        "sipp's RFC 2833 key 0 asked for a person: " + closed);
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
  }
}
